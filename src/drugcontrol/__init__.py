"""drugcontrol: information system for a national drug-control authority."""

__version__ = "0.1.0"
