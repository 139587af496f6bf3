"""List entries as versions: each row is valid from one date until the act that changes or removes it."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from drugcontrol.lists.models.acts import LegalAct
from drugcontrol.lists.models.jurisdictions import Jurisdiction
from drugcontrol.lists.models.substances import Substance


class ListEntryQuerySet(models.QuerySet["ListEntry"]):
    def in_force_on(self, day: date) -> "ListEntryQuerySet":
        """Entries valid on a day: started on or before it and not yet ended (valid_to is exclusive)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class ListEntry(models.Model):
    class Change(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="entries")
    substance = models.ForeignKey(Substance, on_delete=models.PROTECT, related_name="entries")
    table = models.CharField(_("table"), max_length=60)
    section = models.CharField(_("section"), max_length=200, blank=True)
    number = models.CharField(_("item number"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    analogues_controlled = models.BooleanField(_("analogues controlled"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    change = models.CharField(_("change"), max_length=10, choices=Change.choices, default=Change.ADDED)
    added_by = models.ForeignKey(LegalAct, on_delete=models.PROTECT, related_name="entries_set")
    ended_by = models.ForeignKey(
        LegalAct, on_delete=models.PROTECT, null=True, blank=True, related_name="entries_ended"
    )

    objects = ListEntryQuerySet.as_manager()

    CONTENT_FIELDS = ("table", "section", "number", "note", "analogues_controlled")
    """The entry's legal content besides its thresholds (a row that changes none of it is no new version); the core's
    `ListedEntry` and an import's row name them alike."""

    class Meta:
        ordering = ["jurisdiction", "table", "valid_from", "id"]
        indexes = [models.Index(fields=["jurisdiction", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="entry_valid_to_after_valid_from",
            )
        ]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.table} {self.number} {self.substance}"


class EntryThreshold(models.Model):
    """The decree's quantity cells for one entry and form, kept as written plus their parsed ranges."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="thresholds")
    form = models.CharField(_("form"), max_length=100, blank=True)
    small = models.CharField(_("small"), max_length=200, blank=True)
    large = models.CharField(_("large"), max_length=200, blank=True)
    especially_large = models.CharField(_("especially large"), max_length=200, blank=True)

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("quantity thresholds")
        verbose_name_plural = _("quantity thresholds")

    def __str__(self) -> str:
        return f"{self.small} / {self.large} / {self.especially_large}"
