"""The same picture on two sites (a logo, a price list, a product photo), found by its perceptual hash
(imagehash's pHash): resizing and recompression keep the hash within a few bits."""

from __future__ import annotations

import io
from collections.abc import Mapping

import imagehash
from PIL import Image, UnidentifiedImageError

__all__ = ["NotAnImage", "perceptual_hash", "similar_images"]

MAX_DISTANCE = 6


class NotAnImage(ValueError):
    pass


def perceptual_hash(data: bytes) -> str:
    """The pHash of an image as 16 hex digits; ``NotAnImage`` for bytes no image reader accepts."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return str(imagehash.phash(image.convert("RGB")))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise NotAnImage(str(exc)) from exc


def similar_images(hashes: Mapping[str, set[str]], *, max_distance: int = MAX_DISTANCE) -> list[tuple[str, str, str]]:
    """Pairs of keys (sites) with an image each whose hashes differ in at most ``max_distance`` bits, with one
    of the hashes."""
    parsed = {key: [(h, imagehash.hex_to_hash(h)) for h in sorted(values)] for key, values in hashes.items()}
    keys = sorted(parsed)
    pairs = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            match = next((ha for ha, pa in parsed[a] for _hb, pb in parsed[b] if pa - pb <= max_distance), None)
            if match:
                pairs.append((a, b, match))
    return pairs
