"""Sentence fingerprints: point at a sentence of the source article without quoting it.

A locator stores the sha256 of the normalised sentence, so the dataset can prove where
each record comes from while the article's text stays with its publisher.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["fingerprint", "normalise_sentence", "split_sentences"]

_WHITESPACE = re.compile(r"\s+")
# A sentence ends at . ! ? followed by a capital letter or quote, with or without a space
# (the saved article glues some sentences together: "nerve damage.That hypothesis").
_BOUNDARY = re.compile(r"(?<=[.!?])\s*(?=[A-Z\u201c\"])")


def normalise_sentence(sentence: str) -> str:
    """NFC, whitespace collapsed to single spaces, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", sentence)).strip()


def fingerprint(sentence: str) -> str:
    """Hex sha256 of the normalised sentence."""
    return hashlib.sha256(normalise_sentence(sentence).encode("utf-8")).hexdigest()


def split_sentences(text: str) -> list[str]:
    """Split text into normalised sentences, line by line (a line never joins the next)."""
    sentences: list[str] = []
    for line in text.splitlines():
        for part in _BOUNDARY.split(line):
            normalised = normalise_sentence(part)
            if normalised:
                sentences.append(normalised)
    return sentences
