"""Screening jobs: one uploaded file screened against a list version, its progress and its result file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models.jurisdictions import Jurisdiction


class ScreeningJob(models.Model):
    """A bulk screening run started from the web or the API, run by a worker; its result CSV is under DATA_DIR."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="screening_jobs")
    as_of = models.DateField(_("list as of"))
    list_revision = models.CharField(_("list revision"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    input_name = models.CharField(_("file name"), max_length=255)
    input_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    options = models.JSONField(_("options"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    counts = models.JSONField(_("rows per verdict"), default=dict)
    seconds = models.FloatField(_("seconds"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    input_file = models.CharField(_("input file"), max_length=255)
    """Path of the uploaded file, relative to ``settings.DATA_DIR``."""
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    """Path of the result CSV, relative to ``settings.DATA_DIR``; empty until the job is done."""
    task_id = models.CharField(_("task"), max_length=64, blank=True, db_index=True)
    """Id of the background task that runs the job (django-tasks' database backend)."""

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening job")
        verbose_name_plural = _("screening jobs")

    def __str__(self) -> str:
        return f"screening job {self.pk} ({self.status})"

    @property
    def progress(self) -> float:
        """Share of rows done, 0 to 1."""
        if self.status == self.Status.DONE:
            return 1.0
        return self.rows_done / self.rows_total if self.rows_total else 0.0

    @property
    def error_display(self) -> str:
        """The error in the user's language when it is one of the system's own messages."""
        return gettext(self.error) if self.error else ""

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
