"""In-app alerts to the list administrators: a new uncovered substance, an overdue procedure step."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from drugcontrol.messages import render


class CoverageAlert(models.Model):
    class Kind(models.TextChoices):
        UNCOVERED = "uncovered", _("new uncovered substance")
        OVERDUE = "overdue", _("overdue procedure step")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    notification = models.ForeignKey(
        "earlywarning.Notification", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    step = models.ForeignKey(
        "earlywarning.ProcedureStep", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    code = models.CharField(max_length=60)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The alert in the reader's language; a fixed phrase given as a parameter (a step's name) too."""
        params = {k: gettext(v) if isinstance(v, str) and v else v for k, v in self.params.items()}
        return render(self.code, params, gettext)
