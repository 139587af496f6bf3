"""Mirrors and networks of shops: pure core, no Django.

Sites are linked when they share a messenger handle or shop bot, a crypto wallet or a phone number (``signals``),
an image (perceptual hash, ``images``) or near-duplicate text (MinHash, ``near_duplicates``); ``graph`` groups the
linked sites into networks.
"""
