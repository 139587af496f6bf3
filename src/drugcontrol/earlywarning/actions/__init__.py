"""Actions of early warning: each `do_*` owns its transaction and writes its audit row."""
