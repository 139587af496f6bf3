"""Candidate duplicates found by name and birth date, and the merges a reviewer made (undoable)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.registry.models.people import Person


class DuplicateCandidate(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not a duplicate")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="registry_duplicate_pair")]
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")


class Merge(models.Model):
    """`moved` lists, per model, the ids moved from the merged person, so that undo moves exactly those back."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept record"))
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged record"))
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moved = models.JSONField(default=dict)
    kept_before = models.JSONField(default=dict, help_text=_("Fields of the kept record filled from the merged one."))
    at = models.DateTimeField(_("merged at"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
