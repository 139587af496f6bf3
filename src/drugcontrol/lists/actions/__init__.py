"""Everything that changes a control list: each action is one transaction with its audit row."""
