"""Sites and channels seen by the crawls (one row per host), and the links that put them in one network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A host (a shop's domain, a mirror, a channel's public preview host + path)."""

    host = models.CharField(_("host"), max_length=255, unique=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    last_alive = models.DateTimeField(_("last answered"), null=True, blank=True)
    max_score = models.FloatField(_("highest offer score"), default=0.0)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        permissions = [("monitor", _("Work on online-market monitoring (cyber police)"))]

    def __str__(self) -> str:
        return self.host


class SiteLink(models.Model):
    """Two sites share something: a handle, a wallet, a phone, an image (perceptual hash) or near-duplicate text."""

    class Kind(models.TextChoices):
        HANDLE = "handle", _("messenger handle")
        WALLET = "wallet", _("crypto wallet")
        PHONE = "phone", _("phone number")
        IMAGE = "image", _("image (perceptual hash)")
        TEXT = "text", _("near-duplicate text (MinHash)")

    site_a = models.ForeignKey(Site, models.CASCADE, related_name="+")
    site_b = models.ForeignKey(Site, models.CASCADE, related_name="+")
    kind = models.CharField(_("shared"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=255)
    similarity = models.FloatField(_("similarity"), default=1.0)
    found_at = models.DateTimeField(_("found at"))

    class Meta:
        verbose_name = _("site link")
        verbose_name_plural = _("site links")
        constraints = [models.UniqueConstraint(fields=["site_a", "site_b", "kind", "value"], name="site_link_once")]
