"""Sent by the reaper when it takes back a task whose worker died, so the domain can update its job row."""

from django.dispatch import Signal

task_abandoned = Signal()
"""``sender``: the reaper module name; ``task_path`` (dotted path of the task), ``task_id`` (str), ``args``,
``kwargs`` (as enqueued) and ``requeued`` (True: it will run again; False: it failed for good)."""
