"""A revision token per reference set (register of medicines, each NPS library), like a list's revision.

Every import writes a fresh random token in the same transaction, so a cached assessor keyed on the tokens is
never stale, and a rolled-back import never leaves a token that another content could reuse.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceRevision(models.Model):
    name = models.CharField(_("reference set"), max_length=80, primary_key=True)
    token = models.CharField(_("revision"), max_length=32)

    class Meta:
        ordering = ["name"]
        verbose_name = _("reference revision")
        verbose_name_plural = _("reference revisions")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
