"""The `drugcontrol` command line."""
