"""Everything that changes the register: each action checks the role, changes, and writes its audit row in one
transaction, so the API, the web pages and the command line behave the same."""
