"""Background work: tasks on django-tasks' database backend, run by ``drugcontrol worker``, with leases.

Where tasks live: each domain app keeps its ``@task()`` functions in ``<app>/tasks.py``; a task is a thin shell
that takes JSON-serialisable ids and strings and calls one action (``run_*``/``do_*``), and the action that
creates the work enqueues it inside its own transaction, so a job row and its task row exist together or not at
all. The worker (``worker.py``) keeps a lease with a heartbeat; its reaper (``reaper.py``) takes back the tasks
of a worker that died (``kill -9``, a power cut): queued again, or failed with a message after the last attempt,
announced by the ``task_abandoned`` signal so that the domain can update its own job row.
"""
