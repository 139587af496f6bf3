"""What makes a text a drug offer, found and said as codes and parameters (the reasons shown for a score).

The slang lexicon written here is general knowledge of the Russian-speaking market (Cyrillic and Latin); the
research keyword file of ``../shared/data/web`` is merged in at training time and travels inside the trained
model (``Lexicon.from_keyword_file``), never in the repository.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drugcontrol.messages import Message

__all__ = ["EVIDENCE_CODES", "Evidence", "Lexicon", "evidence_counts", "find_evidence"]

SLANG = Message("monitor.slang", "slang “%(term)s” for %(substance)s")
PRICE_PER_GRAM = Message("monitor.price_per_gram", "price per gram: %(price)s %(currency)s (“%(quote)s”)")
CRYPTO_ADDRESS = Message("monitor.crypto_address", "%(network)s address %(address)s")
CRYPTO_PAYMENT = Message("monitor.crypto_payment", "payment in cryptocurrency (“%(term)s”)")
SHOP_BOT = Message("monitor.shop_bot", "shop bot %(handle)s")
HANDLE = Message("monitor.handle", "messenger handle %(handle)s")
PHONE = Message("monitor.phone", "phone number %(phone)s")
CITY = Message("monitor.city", "city or district: %(place)s")
DEAD_DROP = Message("monitor.dead_drop", "dead-drop word “%(term)s”")
COURIER = Message("monitor.courier_recruitment", "courier recruitment (“%(term)s”)")

EVIDENCE_CODES = tuple(
    m.code for m in (SLANG, PRICE_PER_GRAM, CRYPTO_ADDRESS, CRYPTO_PAYMENT, SHOP_BOT, HANDLE, PHONE, CITY,
                     DEAD_DROP, COURIER)
)  # fmt: skip

def _split(text: str) -> list[str]:
    return text.split()


# term pattern (a regular expression matched at word starts, case-insensitive) -> substance
_BUILTIN_SLANG: dict[str, str] = {
    r"сол[ьи]\b": "alpha-PVP (synthetic cathinone)",
    r"альф[аы]|alfa\b|a-?pvp|альфа-?pvp|пвп\b": "alpha-PVP (synthetic cathinone)",
    r"меф\w*|мефедрон\w*|mef\b|mefedron\w*|mephedrone": "mephedrone",
    r"кристалл\w*|крис\b|kristall\w*": "synthetic cathinones (crystals)",
    r"шиш(?:ки|ек|ками|ка)\b|бошк\w*|boshk\w*|shishk\w*": "cannabis",
    r"марихуан\w*|каннабис\w*|ганджа|травк[аи]\b|weed\b|kush\b": "cannabis",
    r"гаш\w*|хэш\b|hash\w*|gash\w*": "cannabis resin",
    r"амф\w*|фен\b|спиды?\b|speed\b|amfetamin\w*|amphetamine": "amphetamine",
    r"метамфетамин\w*|первитин\w*|винт\b|meth\b|methamphetamine": "methamphetamine",
    r"кокаин\w*|кокс\b|kokain\w*|cocaine|coke\b": "cocaine",
    r"героин\w*|geroin\w*|heroin\w*": "heroin",
    r"метадон\w*|metadon\w*|methadone": "methadone",
    r"экстази|мдма|mdma|ecstasy|extasy|xtc\b": "MDMA",
    r"лсд|lsd\b|марк[иа]\b": "LSD",
    r"спайс\w*|spice\b|миксы?\b|jwh\w*": "synthetic cannabinoids",
    r"кетамин\w*|ketamin\w*": "ketamine",
    r"трамадол\w*|tramadol": "tramadol",
}
_DEAD_DROP = re.compile(
    r"\b(клад\w*|заклад\w*|прикоп\w*|магнит\w*|тайник\w*|ненаход\w*|перезаклад\w*|klad\w*|zaklad\w*|prikop\w*|"
    r"dead ?drops?|stealth)",
    re.IGNORECASE,
)
_RECRUIT = re.compile(
    r"\b(кладм[еа]н\w*|закладчик\w*|мастер[- ]клад\w*|курь?ер\w*|склад(?:чик|мен)\w*|cladman|kladmen\w*|"
    r"kur'?y?er\w*|kurer\w*|vakansi\w*|ваканси\w*|требу[ею]тс\w*|trebuetsja|работ[аеу]\b|rabota\w*|зарплат\w*|"
    r"выплат\w*|заработ\w*)",
    re.IGNORECASE,
)
_RECRUIT_STRONG = re.compile(r"(?:кладм|закладчик|мастер[- ]клад|cladman|kladmen|склад(?:чик|мен))\w*", re.IGNORECASE)
_CRYPTO_WORDS = re.compile(r"\b(btc|биткоин\w*|биток\w*|bitcoin\w*|usdt|крипт\w*|monero|xmr|ltc|эфир\w*)\b",
                           re.IGNORECASE)  # fmt: skip
_CRYPTO_ADDRESSES = (
    ("Bitcoin", re.compile(r"\b(bc1[ac-hj-np-z02-9]{11,71}|[13][a-km-zA-HJ-NP-Z1-9]{25,34})\b")),
    ("Ethereum", re.compile(r"\b0x[a-fA-F0-9]{40}\b")),
    ("Tron", re.compile(r"\bT[1-9A-HJ-NP-Za-km-z]{33}\b")),
    ("Monero", re.compile(r"\b4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b")),
)
_BOT = re.compile(r"(?:@|t\.me/)([A-Za-z][A-Za-z0-9_]{2,31}bot)\b", re.IGNORECASE)
_HANDLE = re.compile(r"(?:(?<![\w.])@|t\.me/)([A-Za-z][A-Za-z0-9_]{3,31})\b")
_PHONE = re.compile(r"(?<!\d)(?:\+7|8)[\s\-(]*7\d{2}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")
_PRICE = re.compile(
    r"(?P<qty>\d+(?:[.,]\d+)?)\s*(?P<unit>грамм\w*|гр\b|г\b|gramm?\w*|gr\b|g\b)\.?[^\d\n]{0,12}?"
    r"(?P<price>\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:[.,]\d+)?)\s*(?P<k>к\b|k\b|тыс\.?)?\s*"
    r"(?P<cur>₸|тг\b|тенге|руб\w*|р\.|₽|\$|usd|лари|gel|€|eur)?",
    re.IGNORECASE,
)
_CITIES = _split(
    "Алматы Алма-Ата Астана Нур-Султан Шымкент Караганда Қарағанды Актобе Ақтөбе Тараз Павлодар Усть-Каменогорск "
    "Өскемен Семей Атырау Костанай Қостанай Кызылорда Қызылорда Уральск Орал Петропавловск Актау Ақтау "
    "Талдыкорган Туркестан Кокшетау Көкшетау Экибастуз Темиртау Жезказган Конаев Капчагай Бишкек Ташкент Тбилиси "
    "Батуми Москва Almaty Astana Shymkent Karaganda Aktobe Taraz Pavlodar Atyrau Kostanay Aktau Tbilisi Batumi "
    "Kutaisi Алмалинский Ауэзовский Бостандыкский Жетысуский Медеуский Наурызбайский Турксибский Алатауский "
    "Есильский Сарыаркинский Байконурский Нуринский Абайский Енбекшинский Аль-Фарабийский"
)
_CITY = re.compile(r"\b(" + "|".join(re.escape(c[:-1]) + r"\w{0,3}" for c in _CITIES) + r")\b", re.IGNORECASE)
_CITY_NAMES = {c[:-1].lower(): c for c in _CITIES}


@dataclass(frozen=True)
class Evidence:
    """One reason: a code of ``EVIDENCE_CODES`` and its parameters."""

    code: str
    params: dict[str, Any] = field(hash=False)


@dataclass
class Lexicon:
    """Slang term patterns mapped to substances; the built-in lexicon plus any keyword file merged in."""

    terms: dict[str, str] = field(default_factory=lambda: dict(_BUILTIN_SLANG))

    def __post_init__(self) -> None:
        # One pass over the text with every term in one alternation; the term that matched is found afterwards
        # by trying each pattern on the matched word alone.
        self._compiled = [(re.compile(p), substance) for p, substance in self.terms.items()]
        self._any = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in self.terms) + ")")

    def __getstate__(self) -> dict[str, Any]:
        return {"terms": self.terms}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.terms = state["terms"]
        self.__post_init__()

    @classmethod
    def from_keyword_file(cls, path: Path) -> Lexicon:
        """The built-in lexicon plus a ``name,type,tags`` keyword file (tags separated by commas; ``a & b`` is one
        phrase); work/services rows are recruitment, not substances, and are left to the recruitment rules."""
        terms = dict(_BUILTIN_SLANG)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                substance = (row.get("name") or "").strip()
                if not substance or substance.lower() in {"work", "services", "unknown", "combo"}:
                    continue
                for tag in (row.get("tags") or "").split(","):
                    words = [re.escape(w.strip()) for w in tag.split("&") if w.strip()]
                    if words and len("".join(words)) >= 3:
                        terms[r"\s+".join(words) + r"\b"] = substance
        return cls(terms)

    def slang(self, text: str) -> Iterable[Evidence]:
        seen: set[str] = set()
        lower = text.lower()
        for match in self._any.finditer(lower):
            term = match.group(0)
            if term in seen:
                continue
            seen.add(term)
            substance = next((s for pattern, s in self._compiled if pattern.match(term)), "")
            if substance:
                yield Evidence(SLANG.code, {"term": text[match.start() : match.end()], "substance": substance})


def _number(text: str) -> float:
    return float(re.sub(r"[ \u00a0]", "", text).replace(",", "."))


def _prices(text: str) -> Iterable[Evidence]:
    for match in _PRICE.finditer(text):
        if not match.group("cur") and not match.group("k"):
            continue
        qty = _number(match.group("qty"))
        price = _number(match.group("price")) * (1000 if match.group("k") else 1)
        if qty <= 0 or qty > 1000 or price <= 0:
            continue
        yield Evidence(PRICE_PER_GRAM.code, {
            "price": f"{price / qty:,.0f}".replace(",", " "),
            "currency": (match.group("cur") or "").strip() or "?",
            "quote": " ".join(match.group(0).split()),
        })  # fmt: skip


def find_evidence(text: str, lexicon: Lexicon | None = None) -> list[Evidence]:
    """Every reason found in ``text``, each distinct one once, in a stable order."""
    lexicon = lexicon or _DEFAULT_LEXICON
    found: list[Evidence] = list(lexicon.slang(text))
    found.extend(_prices(text))
    for network, pattern in _CRYPTO_ADDRESSES:
        found.extend(Evidence(CRYPTO_ADDRESS.code, {"network": network, "address": m}) for m in
                     dict.fromkeys(pattern.findall(text)))  # fmt: skip
    if (m := _CRYPTO_WORDS.search(text)) is not None:
        found.append(Evidence(CRYPTO_PAYMENT.code, {"term": m.group(1)}))
    bots = {b.lower() for b in _BOT.findall(text)}
    found.extend(Evidence(SHOP_BOT.code, {"handle": "@" + b}) for b in sorted(bots))
    others = {h.lower() for h in _HANDLE.findall(text)} - bots
    found.extend(Evidence(HANDLE.code, {"handle": "@" + h}) for h in sorted(others))
    phones = {re.sub(r"\D", "", p)[-10:] for p in _PHONE.findall(text)}
    found.extend(Evidence(PHONE.code, {"phone": "+7" + p}) for p in sorted(phones))
    places = {p for p in (_city(m) for m in _CITY.findall(text)) if p}
    found.extend(Evidence(CITY.code, {"place": p}) for p in sorted(places))
    drops = dict.fromkeys(m.lower() for m in _DEAD_DROP.findall(text))
    found.extend(Evidence(DEAD_DROP.code, {"term": t}) for t in list(drops)[:3])
    recruit = _RECRUIT_STRONG.search(text) or (drops and _RECRUIT.search(text))
    if recruit:
        found.append(Evidence(COURIER.code, {"term": recruit.group(0)}))
    return found


def _city(match: str) -> str:
    lower = match.lower()
    for stem, name in _CITY_NAMES.items():
        if lower.startswith(stem):
            return name
    return ""


def evidence_counts(evidence: list[Evidence]) -> list[float]:
    """The numeric features of the classifier: log(1 + count) per evidence code, in ``EVIDENCE_CODES`` order."""
    counts = dict.fromkeys(EVIDENCE_CODES, 0)
    for item in evidence:
        counts[item.code] += 1
    return [math.log1p(counts[code]) for code in EVIDENCE_CODES]


_DEFAULT_LEXICON = Lexicon()
