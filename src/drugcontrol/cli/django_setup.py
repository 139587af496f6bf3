"""Start Django only for the commands that need the database, so offline commands stay fast; speak the reader's
language from then on."""

import os

LANGUAGES = ("en", "ru", "kk")


def reader_language() -> str:
    """`DRUGCONTROL_LANGUAGE`, else the locale (`LANGUAGE`'s list, then the first set of `LC_ALL`,
    `LC_MESSAGES`, `LANG`: ru_RU.UTF-8 → ru), else English."""
    wanted = [os.environ.get("DRUGCONTROL_LANGUAGE", ""), *os.environ.get("LANGUAGE", "").split(":")]
    wanted.append(next((os.environ[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(n)), ""))
    return next((code for code in (w[:2].lower() for w in wanted) if code in LANGUAGES), "en")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drugcontrol.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate(reader_language())


def ensure_data_dir() -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
