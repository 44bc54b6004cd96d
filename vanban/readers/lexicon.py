"""Tone-mark slips of OCR corrected against a lexicon of Vietnamese official text.

Tesseract's Vietnamese model often misreads one diacritic in small or upper-case print (``QUÓC``
for ``QUỐC``, ``kiếm tra`` for ``kiểm tra``, ``thông tỉn`` for ``thông tin``). The lexicon
(``vanban/data/ocr_lexicon.tsv.gz``, built by ``bench/ocr_lexicon.py`` from the catalogues, Nghị định
30/2020 and dev texts that the OCR bench does not scan) holds syllables and adjacent pairs with counts.
A line of OCR words is decoded as a whole (Viterbi): each word may stay as read or become a known
syllable with the same letters that differs from it in ONE character (a tone mark, a hat or horn,
``d``/``đ``); a change costs ``CHANGE`` and must be paid for by known pairs with its neighbours, so a
word is only changed where its context says so. Names of people (a surname of the catalogue followed
by capitalised words) and tokens with digits are never changed. Every change is returned so the reader
keeps the original reading (``OcrWord.read``) and says so in ``notes``.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz.distance import Levenshtein

from vanban.normalize import strip_marks

CHANGE = math.log(0.02)
"""Log-probability that OCR misread one mark of a word (the cost of a change)."""
CHANGE_UPPER = math.log(0.1)
"""The same for a word printed in capitals, whose marks sit cramped above the letters and are misread
far more often (``VIÊN KIÊM SÁT`` for ``VIỆN KIỂM SÁT``)."""
PROTECT = 5
"""A word as read is kept when the pair it makes with a neighbour is seen at least 1/PROTECT as often
as the pair a change would make (``chi bộ nhiệm kỳ`` stays, although ``bổ nhiệm`` is far more common)."""
PLACE_WORDS = 3
"""A place name after ``huyện``, ``xã``… is taken to be at most this many words."""
PROTECT_MIN = 4
"""A pair seen fewer times than this protects nothing (it may be a slip in the lexicon's own texts)."""
SMOOTH = 10.0
"""Weight of a syllable's own frequency against the pair counts (additive smoothing)."""
_OPENING = "(\"'“‘[«"
_CLOSING = ".,;:!?)\"'”’]»…"
NUMBER = "<n>"
"""The lexicon's word for any token that starts with a digit: ``số <n>`` is common, ``sơ <n>`` is not."""
END = "</s>"
"""The lexicon's word after the last word of a phrase (one followed by ``.,;:!?`` or by a dash between spaces,
or ending a paragraph):
``Đảng`` often ends one, ``đăng`` (nearly always before ``ký``) almost never does."""
_PHRASE_END = ".,;:!?"
_DASHES = "-–—"


@dataclass(frozen=True)
class Lexicon:
    """Syllable counts, pair counts and the syllables by their letters without marks."""

    syllables: dict[str, int]
    pairs: dict[tuple[str, str], int]
    by_base: dict[str, tuple[str, ...]]
    total: int


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon (loaded once)."""
    raw = resources.files("vanban").joinpath("data/ocr_lexicon.tsv.gz").read_bytes()
    syllables: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):
        kind, _, rest = line.partition("\t")
        words, _, count = rest.partition("\t")
        if kind == "u":
            syllables[words] = int(count)
        elif kind == "b":
            a, _, b = words.partition(" ")
            pairs[(a, b)] = int(count)
    by_base: dict[str, list[str]] = {}
    for s in syllables:
        by_base.setdefault(strip_marks(s), []).append(s)
    return Lexicon(syllables, pairs, {k: tuple(v) for k, v in by_base.items()}, sum(syllables.values()))


@cache
def _checks() -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(resources.files("vanban").joinpath("data/checks.json").read_text(encoding="utf-8"))
    return data


def _surnames() -> frozenset[str]:
    return frozenset(_checks()["surnames"])


def _place_units() -> frozenset[str]:
    return frozenset(_checks()["place_unit_words"])


def _attested(lex: Lexicon, read: str, word: str, prev: str | None, nxt: str | None) -> bool:
    """A change stands only on evidence: the word as read is unknown, or the correction makes a known pair
    with a neighbour, a number after it or the phrase's end (a frequent syllable never replaces a rarer one
    on frequency alone: ``tủ sách``)."""
    if read not in lex.syllables:
        return True
    if nxt in (NUMBER, END):  # a class follows many words: evidence only if far likelier after the correction
        return (prev is not None and lex.pairs.get((prev, word), 0) >= PROTECT_MIN) or _likelier(lex, read, word, nxt)
    return (prev is not None and lex.pairs.get((prev, word), 0) >= PROTECT_MIN) or (
        nxt is not None and lex.pairs.get((word, nxt), 0) >= PROTECT_MIN)


def _likelier(lex: Lexicon, read: str, word: str, nxt: str) -> bool:
    """Whether ``nxt`` (a number, the phrase's end) follows ``word`` at least PROTECT times as often, for
    each time the word is seen, as it follows the word as read (``Đảng`` and ``đăng`` before the end)."""
    after = lex.pairs.get((word, nxt), 0)
    return after >= PROTECT_MIN and after * lex.syllables.get(read, 1) >= \
        PROTECT * (lex.pairs.get((read, nxt), 0) + 1) * lex.syllables.get(word, 1)


def _kept(as_read: int, changed: int) -> bool:
    """Whether a pair as read is evidence enough to keep the word against the pair a change makes."""
    return as_read >= PROTECT_MIN and PROTECT * as_read >= changed


@dataclass(frozen=True)
class Correction:
    """One word changed: its index in the line, the reading and the corrected text."""

    index: int
    read: str
    text: str


def _split(token: str) -> tuple[str, str, str]:
    """Opening punctuation, the word, closing punctuation."""
    start, end = 0, len(token)
    while start < end and token[start] in _OPENING:
        start += 1
    while end > start and token[end - 1] in _CLOSING:
        end -= 1
    return token[:start], token[start:end], token[end:]


def _cased(word: str, like: str) -> str:
    """``word`` (lower case) written in the case of ``like``."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _names(cores: Sequence[str], breaks: Collection[int]) -> set[int]:
    """Indexes of words that are part of a person's name (a known surname, then capitalised words) or of a
    place's (capitalised words after ``huyện``, ``tỉnh``, ``xã``…)."""
    out: set[int] = set()
    surnames = _surnames()
    units = _place_units()
    pairs = lexicon().pairs
    for i in range(1, len(cores)):
        unit = cores[i - 1].lower() if cores[i - 1].lower() in units else (
            f"{cores[i - 2]} {cores[i - 1]}".lower().split()[-1] if i > 1 and f"{cores[i - 2]} {cores[i - 1]}".lower()
            in units else None)
        if unit is None or not cores[i][:1].isupper():
            continue
        # "XÃ HỌI" is the noun xã hội misread, not a commune: a known phrase of the unit word is no place name
        low = cores[i].lower()
        if any(pairs.get((unit, s), 0) >= 20 for s in (*lexicon().by_base.get(strip_marks(low), ()),
                                                           *_candidates(lexicon(), low))):
            continue
        j = i
        while j < min(len(cores), i + PLACE_WORDS) and cores[j][:1].isupper() and j not in breaks:
            out.add(j)
            j += 1
    i = 0
    while i < len(cores):
        w = cores[i]
        if w[:1].isupper() and not w.isupper() and w in surnames:
            j = i + 1
            while j < len(cores) and cores[j][:1].isupper() and (len(cores[j]) == 1 or cores[j][1:].islower()):
                j += 1
            if j - i >= 2:
                out.update(range(i, j))
                i = j
                continue
        i += 1
    return out


def _candidates(lex: Lexicon, low: str) -> list[str]:
    """Known syllables a word (lower case) may be a slip of: one character apart with the same letters (a
    mark misread), or, for a word the lexicon does not know, with a letter read twice (``uýỷ`` for ``ủy``)."""
    base = strip_marks(low)
    out = [s for s in lex.by_base.get(base, ()) if s != low and len(s) == len(low)
           and Levenshtein.distance(s, low, score_cutoff=1) == 1]
    if low not in lex.syllables:
        out += [s for k in range(1, len(base)) if base[k] == base[k - 1]
                for s in lex.by_base.get(base[:k] + base[k + 1:], ()) if s not in out]
    return out


def correct_line(tokens: Sequence[str], breaks: Collection[int] = ()) -> list[Correction]:
    """The changes that make a line of OCR words (as printed, punctuation attached) read best; ``breaks``:
    indexes of words not read on from the word before."""
    lex = lexicon()
    parts = [_split(t) for t in tokens]
    cores = [c for _, c, _ in parts]
    protected = _names(cores, breaks)
    # per word: the candidate readings (lower case), the first being the word as read
    options: list[list[str]] = []
    for i, (_, core, _) in enumerate(parts):
        low = NUMBER if core[:1].isdigit() else core.lower()
        opts = [low]
        if core and core.isalpha() and i not in protected:
            opts += _candidates(lex, low)
        options.append(opts)
    # a word is read on from the one before when no mark stands between them; a number counts as a word
    # after a syllable (``số 16/2023/QH15``) and before one (``16 tháng``)
    word = [c.isalpha() or o[0] == NUMBER for c, o in zip(cores, options, strict=True)]
    linked = [i > 0 and i not in breaks and not parts[i - 1][2] and not parts[i][0] and word[i - 1] and word[i]
              and not (options[i - 1][0] == NUMBER == options[i][0]) for i in range(len(parts))]
    # the last word of a phrase: a mark of its end after it, a dash between spaces, or the last of the paragraph
    ends = [cores[i].isalpha() and (parts[i][2][:1] in _PHRASE_END if parts[i][2] else (
        i == len(parts) - 1 or not tokens[i + 1].strip(_DASHES))) for i in range(len(parts))]

    total = lex.total

    def unigram(word: str) -> float:
        return (lex.syllables.get(word, 0) + 0.5) / total

    def node(i: int, k: int) -> float:
        if not k:
            return 0.0
        return CHANGE_UPPER if len(cores[i]) > 1 and cores[i].isupper() else CHANGE

    def edge(i: int, a: int, b: int) -> float:
        """log P(word b | word a) smoothed towards the syllable's frequency; -inf for a change that
        would break a known pair the word as read makes with its (decoded) neighbour."""
        prev, word = options[i - 1][a], options[i][b]
        if not linked[i]:
            return math.log(unigram(word))
        pair = lex.pairs.get((prev, word), 0)
        # a number follows (and precedes) too many words to protect one: its pairs only weigh
        if b and prev != NUMBER and _kept(lex.pairs.get((prev, options[i][0]), 0), pair):
            return -math.inf
        if a and word != NUMBER and _kept(lex.pairs.get((options[i - 1][0], word), 0), pair):
            return -math.inf
        c = lex.syllables.get(prev, 0)
        return math.log((pair + SMOOTH * unigram(word)) / (c + SMOOTH))

    def final(i: int, b: int) -> float:
        """log P(the phrase ends | word b), for the last word of a phrase (0 elsewhere)."""
        if not ends[i]:
            return 0.0
        word = options[i][b]
        return math.log((lex.pairs.get((word, END), 0) + SMOOTH * unigram(END)) / (lex.syllables.get(word, 0) + SMOOTH))

    changes: list[Correction] = []
    start = 0
    while start < len(parts):  # decode each chain of linked words on its own
        end = start + 1
        while end < len(parts) and linked[end]:
            end += 1
        if any(len(options[i]) > 1 for i in range(start, end)):
            best = [node(start, k) + math.log(unigram(options[start][k])) for k in range(len(options[start]))]
            back: list[list[int]] = []
            for i in range(start + 1, end):
                row, ptr = [], []
                for b in range(len(options[i])):
                    score, a = max((best[a] + edge(i, a, b), a) for a in range(len(options[i - 1])))
                    row.append(score + node(i, b))
                    ptr.append(a)
                best, back = row, [*back, ptr]
            best = [score + final(end - 1, b) for b, score in enumerate(best)]
            k = max(range(len(best)), key=lambda j: (best[j], -j))
            path = [k]
            for ptr in reversed(back):
                k = ptr[k]
                path.append(k)
            path.reverse()
            chosen = {start + offset: options[start + offset][k] for offset, k in enumerate(path)}
            for offset, k in enumerate(path):
                i = start + offset
                nxt = chosen.get(i + 1) if i + 1 < end else (END if ends[i] else None)
                if k and _attested(lex, options[i][0], options[i][k], chosen.get(i - 1) if linked[i] else None, nxt):
                    before, core, after = parts[i]
                    changes.append(Correction(i, tokens[i], before + _cased(options[i][k], core) + after))
        start = end
    return changes
