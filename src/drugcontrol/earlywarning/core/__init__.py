"""Pure rules of early warning (no Django): countries, notification rows, the JSON format, the Decree 366 steps,
time to control and its chart. The shell renders their codes in the reader's language."""
