"""Notifications of a substance first detected somewhere, with their evidence files and their screening here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from drugcontrol.languages import name_in_reader_language


class Notification(models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        CONFIRMED = "confirmed", _("confirmed")
        RETRACTED = "retracted", _("retracted")

    class Matrix(models.TextChoices):
        POWDER = "powder", _("powder")
        CRYSTALS = "crystals", _("crystals")
        TABLET = "tablet", _("tablet")
        HERBAL = "herbal", _("herbal material")
        BLOTTER = "blotter", _("blotter")
        E_LIQUID = "e-liquid", _("e-liquid")
        LIQUID = "liquid", _("liquid")
        BIOLOGICAL = "biological", _("biological sample")
        OTHER = "other", _("other")

    class Context(models.TextChoices):
        SEIZURE = "seizure", _("seizure")
        POISONING = "poisoning", _("poisoning")
        DEATH = "death", _("death")
        TEST_PURCHASE = "test_purchase", _("test purchase")
        ONLINE_OFFER = "online_offer", _("online offer")
        OTHER = "other", _("other")

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("received from a partner")
        OWN = "own", _("our own detection")

    reference = models.CharField(_("reference"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=500)
    name_ru = models.CharField(_("name (Russian)"), max_length=500, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    iupac_name = models.TextField(_("IUPAC name"), blank=True)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    cas = models.CharField(_("CAS number"), max_length=40, blank=True)
    structure_input = models.TextField(_("structure as given"))
    smiles = models.TextField(_("standardised SMILES"))
    inchikey = models.CharField(_("InChIKey"), max_length=27, db_index=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    detected_on = models.DateField(_("first detected on"))
    reported_on = models.DateField(_("reported on"))
    matrix = models.CharField(_("matrix"), max_length=20, choices=Matrix.choices, default=Matrix.OTHER)
    context = models.CharField(_("context"), max_length=20, choices=Context.choices, default=Context.OTHER)
    method = models.CharField(_("analytical method"), max_length=300, blank=True)
    laboratory = models.CharField(_("laboratory"), max_length=300, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCOMING)
    received_at = models.DateTimeField(_("received at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The screening against Kazakhstan's list in force (refreshed by `drugcontrol warning screen`).
    screened_on = models.DateField(_("screened against the list of"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, blank=True, db_index=True)
    covered = models.BooleanField(_("covered by the list"), null=True, db_index=True)
    screening = models.JSONField(_("screening"), default=dict, blank=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["inchikey", "country", "detected_on"], name="unique_notification_detection")
        ]
        permissions = [
            ("read_warning", _("Can read notifications, coverage and the procedure")),
            ("manage_warning", _("Can import notifications, draft amendments and run the procedure")),
            ("receive_coverage_alerts", _("Receives alerts of new uncovered substances")),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.name} ({self.country}, {self.detected_on})"

    @property
    def display_name(self) -> str:
        return name_in_reader_language(self, "name")


class EvidenceFile(models.Model):
    """A file of analytical evidence (a spectrum, a chromatogram): kept under DATA_DIR, identified by its SHA-256."""

    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="evidence")
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    path = models.CharField(_("stored file"), max_length=255, blank=True)
    """Relative to settings.DATA_DIR; empty for a file a partner described but did not send."""
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        ordering = ["notification", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"
