"""A register import run as a background job: its file, status and outcome, its staged rows and its problems.

The uploaded file is kept in the job until the worker has read it (the worker may run on another machine
than the web server), then dropped. Valid rows wait in the staging table, written in short transactions,
until one short final step moves them onto the register; problems stay with the job as code + parameters,
so that the rejects file is rendered in the language of the user who downloads it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for a worker")
    RUNNING = "running", _("running")
    DONE = "done", _("imported")
    REFUSED = "refused", _("refused: nothing was imported")
    FAILED = "failed", _("failed: nothing was imported")


class RegisterImport(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source_name = models.CharField(max_length=255)
    upload = models.BinaryField(default=b"", editable=False)
    mapping = models.JSONField(default=dict)
    skip_invalid = models.BooleanField(default=False)
    remote_addr = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicate_candidates = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "registry_register_import"


class StagedRegisterRow(models.Model):
    """A validated row waiting for the final step of its import."""

    job = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="staged_rows")
    row = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        db_table = "registry_register_import_staged"
        indexes = [models.Index(fields=["job", "row"], name="registry_import_staged_row")]


class RegisterImportProblem(models.Model):
    """One problem of an import, by row and field, as code + parameters."""

    job = models.ForeignKey(RegisterImport, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()
    field = models.CharField(max_length=40, blank=True)
    code = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    value = models.TextField(blank=True)

    class Meta:
        db_table = "registry_register_import_problem"
        indexes = [models.Index(fields=["job", "row"], name="registry_import_problem_row")]
