"""Actions of the monitoring domain: each ``do_*`` owns its transaction and writes its audit row."""
