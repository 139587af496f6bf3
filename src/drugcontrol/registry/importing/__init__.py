"""Import of regional registers: row checks (`rows`, pure), the staged write (`pipeline`), the background task
(`tasks`) and the job as its owner sees it (`jobs`)."""
