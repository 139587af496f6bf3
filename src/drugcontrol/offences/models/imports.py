"""An import of cases and seizures from CSV/XLSX, run by the background worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OffenceImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    upload = models.BinaryField(default=b"")
    mapping = models.JSONField(default=list)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_written = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)  # every problem, `RowError.stored()`: rendered in the reader's language
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("offence import")
        verbose_name_plural = _("offence imports")
