"""Link sites into networks after a crawl: shared handles, wallets and phones, similar pictures, near-duplicate
texts. Runs inside the crawl's transaction; a link is stored once per pair, kind and value."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils import timezone

from drugcontrol.errors import NotFoundForUser
from drugcontrol.monitoring.mirrors.graph import networks
from drugcontrol.monitoring.mirrors.images import similar_images
from drugcontrol.monitoring.mirrors.near_duplicates import near_duplicate_pairs
from drugcontrol.monitoring.mirrors.signals import signals_of
from drugcontrol.monitoring.models import Fetch, Site, SiteLink

__all__ = ["link_sites", "network_of"]

MAX_SITES = 5000


def _store(a: int, b: int, kind: str, value: str, similarity: float, now: Any) -> None:
    a, b = sorted((a, b))
    SiteLink.objects.get_or_create(site_a_id=a, site_b_id=b, kind=kind, value=value[:255],
                                   defaults={"similarity": similarity, "found_at": now})  # fmt: skip


def link_sites(site_ids: set[int]) -> int:
    """Link the crawled sites with every known site; returns how many links exist for them afterwards."""
    now = timezone.now()
    suspects = set(Site.objects.filter(max_score__gt=0).order_by("-last_seen").values_list("pk", flat=True)[:MAX_SITES])
    suspects |= site_ids
    signals: dict[tuple[str, str], set[int]] = defaultdict(set)
    texts: dict[str, str] = {}
    images: dict[str, set[str]] = defaultdict(set)
    rows = Fetch.objects.filter(site_id__in=suspects).exclude(kind=Fetch.Kind.ERROR)
    for pk, site_id, kind, reasons, text, detail in rows.values_list("pk", "site_id", "kind", "reasons", "text",
                                                                     "detail"):  # fmt: skip
        if kind == Fetch.Kind.IMAGE:
            images[str(site_id)].add(detail)
            continue
        for signal in signals_of(reasons):
            signals[signal].add(site_id)
        if text:
            texts[f"{site_id}:{pk}"] = text[:20_000]  # page by page: a mirror's page matches its shop's page
    for (kind, value), holders in signals.items():
        if len(holders) > 1 and holders & site_ids:
            ordered = sorted(holders)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    _store(a, b, kind, value, 1.0, now)
    best: dict[tuple[int, int], float] = {}
    for a, b, jaccard in near_duplicate_pairs(texts):
        pair = tuple(sorted((int(a.split(":")[0]), int(b.split(":")[0]))))
        if pair[0] != pair[1] and set(pair) & site_ids:
            best[pair] = max(best.get(pair, 0.0), jaccard)
    for (a, b), jaccard in best.items():
        _store(a, b, SiteLink.Kind.TEXT, "minhash", jaccard, now)
    for a, b, phash in similar_images({k: v for k, v in images.items() if v}):
        if {int(a), int(b)} & site_ids:
            _store(int(a), int(b), SiteLink.Kind.IMAGE, phash, 1.0, now)
    return SiteLink.objects.filter(Q(site_a_id__in=site_ids) | Q(site_b_id__in=site_ids)).count()


def network_of(site_id: int) -> tuple[list[Site], list[SiteLink]]:
    """The sites linked to ``site_id`` directly or through others, and the links between them."""
    if not Site.objects.filter(pk=site_id).exists():
        raise NotFoundForUser("site")
    edges = list(SiteLink.objects.values_list("site_a_id", "site_b_id"))
    group = next((g for g in networks(edges) if site_id in g), {site_id})
    sites = list(Site.objects.filter(pk__in=group).order_by("host"))
    links = list(SiteLink.objects.filter(site_a_id__in=group, site_b_id__in=group).select_related("site_a", "site_b"))
    return sites, links
