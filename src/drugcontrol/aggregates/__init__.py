"""Aggregate tables for dashboards: counts kept by the actions that change the records, rebuilt and checked.

A dashboard asks "how many were open on day d, by these categories" for a date and for the ends of the months
before it. Reading the records answers by scanning all of them; this package keeps the answer instead.

Design (one mechanism for every topic: the register today; offences, seizures, monitoring next):

- A *topic* (`topics.Topic`) says what one subject (a person, a case) contributes: signed *flows*
  ``(day, key) -> n``, where the key is (measure, scope, region, district, sex, age group, category, status)
  and ``n`` says how the number open under that key changes on that day (+1 when an episode opens or a person
  enters an age group, -1 when it closes or leaves). Fields a topic does not use stay ''. Every flow of a
  subject carries the subject's `scope` (the region responsible for it), which is also the unit of rebuild
  and check, so neither ever holds more than one region in memory.
- `Flow` stores the flows summed by day; `Stock` the number open at every month end (the running sum of the
  flows), from a key's first flow up to the topic's `Horizon` (24 months ahead at the rebuild, since age
  groups change on future birthdays). The number open on any day is the stock at the month end before it
  plus the flows since: a 13-month timeline reads 14 month ends and at most a month of flows, whatever the
  size of the register.
- `Contribution` keeps each subject's *facts* as last counted (the few fields and related rows its flows are
  computed from, `Topic.facts`), so an action needs one call, `refresh(topic, ids)`, at the end of its
  transaction: it reads those subjects' facts from the records, applies the flows of the new facts minus those of
  the stored ones (`apply`) and remembers the new facts. Any change (a status, a transfer, a corrected birth date,
  a merge and its undo, anonymisation) is then counted the same way, in the same transaction as the change. Facts,
  not flows, are kept because they are a tenth of the size and cost nothing to produce; a change of a topic's
  rule therefore needs a `rebuild`, which `check` reveals.
- `rebuild` recomputes everything from the records (after a bulk load); `check` recomputes and lists every
  difference with the stored counts (after a change made behind the actions' back).

Districts are a column of the key but the register's topic leaves them empty: its dashboard offers no district,
and some 200 districts would multiply the rows a page reads by ten.

Reading (`store.open_counts`) returns raw counts; the caller applies suppression to what it read.
"""
