"""The core's codes in the reader's language: sizes, penalties, articles (for pages, the CLI and exports)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop, ngettext

SIZE_LABELS = {
    "below_small": gettext_noop("below small"),
    "small": gettext_noop("small"),
    "below_large": gettext_noop("below large (no small size in the table)"),
    "large": gettext_noop("large"),
    "especially_large": gettext_noop("especially large"),
}


def size_label(size: str | None, translate: Callable[[str], str] = gettext) -> str:
    return translate(SIZE_LABELS[size]) if size in SIZE_LABELS else "—"


def penalty_text(penalty: Mapping[str, Any]) -> str:
    """'imprisonment from 5 to 8 years, with confiscation of property' and the like, in the active language."""
    options = []
    if penalty.get("fine_mrp"):
        options.append(gettext("a fine of up to %(n)s MCI") % {"n": penalty["fine_mrp"]})
    if penalty.get("corrective_mrp"):
        options.append(gettext("correctional labour of the same amount"))
    if penalty.get("community_hours"):
        options.append(gettext("community service of up to %(n)s hours") % {"n": penalty["community_hours"]})
    if penalty.get("arrest_days"):
        options.append(gettext("arrest of up to %(n)s days") % {"n": penalty["arrest_days"]})
    if penalty.get("restriction_years"):
        options.append(gettext("restriction of liberty of up to %(n)s years") % {"n": penalty["restriction_years"]})
    low, high = penalty.get("prison_min"), penalty.get("prison_max")
    if low and high:
        options.append(gettext("imprisonment from %(low)s to %(high)s years") % {"low": low, "high": high})
    elif high:
        options.append(
            ngettext("imprisonment of up to %(n)s year", "imprisonment of up to %(n)s years", high) % {"n": high}
        )
    if penalty.get("life"):
        options.append(gettext("life imprisonment"))
    text = gettext(" or ").join(options)
    if penalty.get("confiscation") == "yes":
        text += gettext(", with confiscation of property")
    elif penalty.get("confiscation") == "optional":
        text += gettext(", with or without confiscation of property")
    if penalty.get("disqualification_years"):
        text += gettext(", with or without disqualification for up to %(n)s years") % {
            "n": penalty["disqualification_years"]
        }
    return text


def article_label(article: str, part: int | None) -> str:
    return gettext("Art. %(article)s part %(part)s") % {"article": article, "part": part}
