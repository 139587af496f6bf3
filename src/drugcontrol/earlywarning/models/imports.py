"""An import of a notifications file, run by the background worker: its mode, outcome and rejects file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationImport(models.Model):
    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", _("all or nothing")
        SKIP_INVALID = "skip", _("skip invalid rows")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("done")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    input_file = models.CharField(_("stored file"), max_length=255)
    mapping = models.JSONField(_("column mapping"), default=list)
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    problems = models.JSONField(_("problems"), default=list)
    """[row, field, code, params, value] of every problem (rendered in the reader's language)."""
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification import")
        verbose_name_plural = _("notification imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"
