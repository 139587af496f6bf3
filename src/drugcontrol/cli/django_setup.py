"""Start Django only for the commands that need the database, so offline commands stay fast."""

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drugcontrol.settings")
    import django

    django.setup()


def ensure_data_dir() -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
