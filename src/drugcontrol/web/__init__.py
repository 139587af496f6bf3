"""The shell every page shares: layout, navigation, language switch and the home page."""
