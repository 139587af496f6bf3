"""Near-duplicate texts by MinHash over word shingles (datasketch): a mirror copies its shop's text with small
edits (a new domain, a new bot), which exact hashes miss."""

from __future__ import annotations

import re
from collections.abc import Mapping

from datasketch import MinHash, MinHashLSH

__all__ = ["near_duplicate_pairs", "text_minhash"]

NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)


def text_minhash(text: str, *, shingle: int = 3) -> MinHash:
    words = _WORD.findall(text.lower())
    digest = MinHash(num_perm=NUM_PERM, seed=470)
    grams = {" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))}
    for gram in grams:
        digest.update(gram.encode("utf-8"))
    return digest


def near_duplicate_pairs(texts: Mapping[str, str], *, threshold: float = 0.7,
                         min_words: int = 12) -> list[tuple[str, str, float]]:  # fmt: skip
    """Pairs of keys whose texts have an estimated Jaccard similarity ≥ ``threshold`` (short texts left out)."""
    hashes = {key: text_minhash(text) for key, text in texts.items() if len(_WORD.findall(text)) >= min_words}
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for key, digest in hashes.items():
        index.insert(key, digest)
    pairs = set()
    for key, digest in hashes.items():
        for other in index.query(digest):
            if other != key:
                a, b = sorted((key, other))
                pairs.add((a, b, round(hashes[a].jaccard(hashes[b]), 3)))
    return sorted(p for p in pairs if p[2] >= threshold)
