"""Crawl jobs and what they fetched: one ``Fetch`` per URL tried (a page with its score, or a fetch error)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Crawl(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    seeds = models.JSONField(_("seed URLs"))
    limits = models.JSONField(_("limits"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    folder = models.CharField(_("folder"), max_length=255, blank=True)
    warc_sha256 = models.CharField(_("WARC SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    errors = models.PositiveIntegerField(_("fetch errors"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    recheck_of = models.ForeignKey("monitoring.Case", models.SET_NULL, null=True, blank=True, related_name="rechecks")

    class Meta:
        verbose_name = _("crawl")
        verbose_name_plural = _("crawls")


class Fetch(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        IMAGE = "image", _("image")
        ERROR = "error", _("fetch error")

    crawl = models.ForeignKey(Crawl, models.CASCADE, related_name="fetches")
    site = models.ForeignKey("monitoring.Site", models.PROTECT, related_name="fetches")
    url = models.URLField(_("URL"), max_length=2000)
    final_url = models.URLField(_("final URL"), max_length=2000, blank=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), default=0)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    warc_record_id = models.CharField(_("WARC record"), max_length=100, blank=True)
    fetched_at = models.DateTimeField(_("fetched at (UTC)"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    score = models.FloatField(_("offer score"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    images = models.JSONField(_("images"), default=list)
    screenshot = models.CharField(_("screenshot"), max_length=64, blank=True)
    screenshot_sha256 = models.CharField(_("screenshot SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("fetch")
        verbose_name_plural = _("fetches")
        indexes = [models.Index(fields=["sha256"]), models.Index(fields=["verdict", "score"])]
