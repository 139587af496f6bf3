"""Known values of the pure cores: language, evidence (the reasons), thresholds, mirrors, networks."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from drugcontrol.monitoring.crawl.language import detect_language
from drugcontrol.monitoring.mirrors.graph import networks
from drugcontrol.monitoring.mirrors.images import NotAnImage, perceptual_hash, similar_images
from drugcontrol.monitoring.mirrors.near_duplicates import near_duplicate_pairs
from drugcontrol.monitoring.mirrors.signals import signals_of
from drugcontrol.monitoring.scoring.evidence import find_evidence
from drugcontrol.monitoring.scoring.model import choose_threshold


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Купить мефедрон в Караганде, клад круглосуточно, доставка по городу", "ru"),
        ("Біздің дүкен Алматы және Астана қалаларында жұмыс істейді, жеткізу тәулік бойы", "kk"),
        ("Zakladki po vsemu gorodu, kupit mef kristally v nalichii", "ru-Latn"),
        ("Buy the best products online with free shipping and great prices", "en"),
        ("12 34", "und"),
    ],
)
def test_language(text: str, code: str) -> None:
    assert detect_language(text).code == code


def reasons(text: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for item in find_evidence(text):
        found.setdefault(item.code.removeprefix("monitor."), []).append(item.params)
    return found


def test_an_offer_has_its_reasons() -> None:
    found = reasons(
        "Соль альфа 0,5 г — 9 000 ₸, меф 2г 33к тг. Бот @best_shop_bot, "
        "BTC bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh, тел. +7 (701) 555-12-34, Алматы, Медеуский район, клад магнит"
    )
    assert {p["substance"] for p in found["slang"]} >= {"alpha-PVP (synthetic cathinone)", "mephedrone"}
    assert [p["price"] for p in found["price_per_gram"]] == ["18 000", "16 500"]
    assert found["shop_bot"] == [{"handle": "@best_shop_bot"}]
    assert found["crypto_address"][0]["network"] == "Bitcoin"
    assert found["phone"] == [{"phone": "+77015551234"}]
    assert {p["place"] for p in found["city"]} == {"Алматы", "Медеуский"}
    assert "dead_drop" in found


def test_courier_recruitment_is_a_reason_and_a_job_ad_alone_is_not() -> None:
    assert "courier_recruitment" in reasons("Требуются кладмены, оплата 3000 за клад, пиши @hr_bot")
    assert "courier_recruitment" in reasons("rabota kur'er, vakansija, zaklad po gorodu")
    assert "courier_recruitment" not in reasons("Требуется курьер в службу доставки пиццы, зарплата 300 000 тг")


def test_ordinary_news_has_no_reasons() -> None:
    assert reasons("Психологи выяснили, почему мужчины завидуют женщинам и наоборот") == {}


def test_the_threshold_flags_at_most_the_allowed_share_of_ordinary_texts() -> None:
    negatives = [i / 1000 for i in range(1000)]
    threshold = choose_threshold(negatives, max_false_positive_rate=0.005)
    assert sum(s >= threshold for s in negatives) == 5


def test_signals_near_duplicates_images_and_networks() -> None:
    page = [
        {"code": "monitor.shop_bot", "params": {"handle": "@Shop_Bot"}},
        {"code": "monitor.city", "params": {"place": "Алматы"}},
    ]
    assert signals_of(page) == {("handle", "@shop_bot")}
    base = (
        "Моментальные клады по Алматы и Астане круглосуточно, мефедрон кристаллы VHQ, оплата BTC, "
        "перезаклад при ненаходе"
    )
    pairs = near_duplicate_pairs(
        {"a": base + " бот @a_bot", "b": base + " бот @b_bot", "c": "совсем другой текст " * 10}
    )
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]

    def png(colour: tuple[int, int, int], size: int) -> bytes:
        image = Image.new("RGB", (size, size), colour)
        for x in range(size // 4, size // 2):
            for y in range(size):
                image.putpixel((x, y), (255, 255, 255))
        out = io.BytesIO()
        image.save(out, format="JPEG" if size > 64 else "PNG")
        return out.getvalue()

    logo, resized = perceptual_hash(png((200, 30, 30), 64)), perceptual_hash(png((200, 30, 30), 128))
    assert similar_images({"shop": {logo}, "mirror": {resized}}) == [("mirror", "shop", resized)]
    with pytest.raises(NotAnImage):
        perceptual_hash(b"<html>not a picture</html>")
    assert networks([(1, 2), (2, 3), (4, 5)]) == [{1, 2, 3}, {4, 5}]
