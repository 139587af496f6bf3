"""Web pages of the lists domain."""
