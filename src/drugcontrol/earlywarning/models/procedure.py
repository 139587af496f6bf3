"""The Decree 366 procedure for one substance: its steps with due dates, and the act that ended it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        APPLIED = "applied", _("applied to the list")
        CLOSED = "closed", _("closed without listing")

    name = models.CharField(_("substance"), max_length=500)
    inchikey = models.CharField(_("InChIKey"), max_length=27, unique=True)
    notification = models.ForeignKey("earlywarning.Notification", on_delete=models.PROTECT, related_name="procedures")
    table = models.CharField(_("table"), max_length=10, default="I")
    quantities = models.JSONField(_("proposed quantities"), default=dict, blank=True)
    """{"small": ..., "large": ..., "especially_large": ..., "basis": ...} as proposed by analogy."""
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    act_number = models.CharField(_("adopting act"), max_length=60, blank=True)
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("listing procedure")
        verbose_name_plural = _("listing procedures")

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(_("step"), max_length=20)
    position = models.PositiveSmallIntegerField()
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="unique_procedure_step")]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")

    def __str__(self) -> str:
        return f"{self.case} · {self.code}"
