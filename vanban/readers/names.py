"""Tone-mark slips of OCR in people's names, corrected against the syllables Vietnamese names are made of.

The lexicon of official text (:mod:`vanban.readers.lexicon`) leaves names alone: a name has no context
that says which syllable it holds. But a name is made of a family name (họ, a small closed set) and
middle and given names (tên đệm, tên) drawn from a finite set of syllables
(``vanban/data/person_names.json``). A name's syllable that Tesseract reads as no name syllable at all
(``Nguyên`` as a family name, ``Hiêủ``) is changed only when exactly one name syllable is within one
mark of it (the same letters, one character apart), or when one such syllable is far more common than
every other (``FREQUENT``). A reading that is a name syllable is never changed, even where another one
is more common (``Thuân`` stays). Only a line that is a name and nothing else is read as one: two to five
capitalised words, the first a family name or one mark from one (the signer's name under the signature).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz.distance import Levenshtein

from vanban.normalize import TONES, strip_marks

FREQUENT = 10
"""A candidate at least this many times as common as every other one within one mark is taken."""
MAX_WORDS = 5
"""A name has at most this many syllables (family, middle names, given name)."""


@dataclass(frozen=True)
class NameSyllables:
    """Family names and middle/given syllables with their frequency, by letters without marks."""

    family: dict[str, int]
    given: dict[str, int]
    family_by_base: dict[str, tuple[str, ...]]
    given_by_base: dict[str, tuple[str, ...]]


@cache
def name_syllables() -> NameSyllables:
    """The packaged name syllables (loaded once)."""
    data = json.loads(resources.files("vanban").joinpath("data/person_names.json").read_text(encoding="utf-8"))
    family: dict[str, int] = data["family"]
    given: dict[str, int] = data["given"]

    def by_base(words: dict[str, int]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for w in words:
            out.setdefault(strip_marks(w).lower(), []).append(w)
        return {k: tuple(v) for k, v in out.items()}

    return NameSyllables(family, given, by_base(family), by_base(given))


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _nearest(word: str, known: dict[str, int], by_base: dict[str, tuple[str, ...]]) -> str | None:
    """The one name syllable within one mark of ``word`` (in title case), if the choice is clear."""
    low = _title(word)
    options = sorted(((known[s], s) for s in by_base.get(strip_marks(low).lower(), ())
                      if len(s) == len(low) and Levenshtein.distance(s, low, score_cutoff=1) == 1), reverse=True)
    if len(options) == 1 or (len(options) > 1 and options[0][0] >= FREQUENT * options[1][0]):
        return options[0][1]
    return None


_HATS = {"\u0302", "\u0306", "\u031b"}


def well_formed(syllable: str) -> bool:
    """Whether a syllable carries its tone mark as Vietnamese writes it: one tone at most, on the vowel with a
    hat or horn when there is one (on ``ơ`` of ``ươ``): ``Khắng`` is, ``Hiêủ`` is not."""
    letters = [unicodedata.normalize("NFD", c) for c in syllable.lower()]
    toned = [i for i, c in enumerate(letters) if any(m in TONES for m in c)]
    if len(toned) > 1 or sum(1 for c in letters for m in c if m in TONES) > 1:
        return False
    hatted = [i for i, c in enumerate(letters) if any(m in _HATS for m in c) and c[0] in "aeiouy"]
    return not toned or not hatted or toned[0] == hatted[-1]


def title_case(words: list[str]) -> bool:
    """Whether every word is letters in title case (``Hoàng Văn Thuân``), as a name is printed, not a heading."""
    return all(w.isalpha() and w[:1].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def correct_name(words: list[str], sure: frozenset[int] = frozenset()) -> dict[int, str]:
    """The changes (index → corrected word) that make a line read as a person's name, or nothing when
    the line is not a name (:data:`MAX_WORDS` capitalised words, the first a family name). A middle or given
    syllable at an index in ``sure`` (read where marks are read best) is kept when it is well formed: the
    name syllables are not every name's."""
    if not 2 <= len(words) <= MAX_WORDS or not title_case(words):
        return {}  # a name is printed in title case; a line in capitals is a heading
    names = name_syllables()
    changes: dict[int, str] = {}
    first = _title(words[0])
    if first not in names.family:
        fixed = _nearest(words[0], names.family, names.family_by_base)
        if fixed is None:
            return {}
        changes[0] = fixed
    for i, w in enumerate(words[1:], 1):
        if _title(w) in names.given or _title(w) in names.family or (i in sure and well_formed(w)):
            continue
        fixed = _nearest(w, names.given, names.given_by_base)
        if fixed is not None:
            changes[i] = fixed
    read = [changes.get(i, w) for i, w in enumerate(words)]
    if changes and not all(w in names.given or w in names.family or (i in sure and well_formed(w))
                           for i, w in enumerate(read[1:], 1)):
        return {}  # not every syllable a name's: perhaps no name at all, so nothing is changed
    return changes


def is_name(words: list[str]) -> bool:
    """Whether a line is a person's name as read: a family name, then capitalised name syllables."""
    names = name_syllables()
    if not 2 <= len(words) <= MAX_WORDS or _title(words[0]) not in names.family:
        return False
    return all(w.isalpha() and w[:1].isupper() for w in words) and sum(
        1 for w in words[1:] if _title(w) in names.given or _title(w) in names.family) > (len(words) - 1) // 2


def looks_like_name(words: list[str]) -> bool:
    """Whether a line may be a person's name misread: two to five capitalised words, the first a family name
    or one mark from one."""
    if not 2 <= len(words) <= MAX_WORDS or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    names = name_syllables()
    return _title(words[0]) in names.family or _nearest(words[0], names.family, names.family_by_base) is not None
