"""Background tasks of the monitoring domain (run by ``drugcontrol worker``): thin shells over actions."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from drugcontrol.background.signals import task_abandoned

__all__ = ["crawl_job"]


@task()
def crawl_job(crawl_id: int) -> dict[str, Any]:
    """Run one queued crawl; run again after a lost worker, it starts the crawl again from its seeds."""
    from drugcontrol.monitoring.actions.crawls import run_crawl_job

    return run_crawl_job(crawl_id)


@receiver(task_abandoned, dispatch_uid="monitoring.crawl_abandoned")
def _crawl_abandoned(sender: str, *, task_path: str, task_id: str, requeued: bool, **kwargs: Any) -> None:
    if task_path == crawl_job.module_path and not requeued:
        from drugcontrol.monitoring.models import Crawl

        Crawl.objects.filter(task_id=task_id).update(status=Crawl.Status.FAILED, finished_at=timezone.now(),
                                                     error="worker lost")  # fmt: skip
