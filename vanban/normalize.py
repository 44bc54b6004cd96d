"""Unicode normalisation of Vietnamese text: NFC, look-alike letters, and keys for matching.

Text from OCR, PDF text layers and HTML carries letters that look Vietnamese but are not:
Icelandic ``Ð`` (U+00D0) for ``Đ`` (U+0110), ``ƣ`` (U+01A3, "latin small letter oi") for ``ư``
in PDF fonts with a broken glyph map. ``clean_text`` repairs those one-for-one, so that code-point
offsets do not move, after composing to NFC.
"""

from __future__ import annotations

import unicodedata

from vanban import patterns

# One-for-one repairs (same length, so spans stay valid). Ð/ð only ever stand for Đ/đ in
# Vietnamese text; ƣ/Ƣ (Latin OI) are what broken PDF fonts emit for ư/Ư.
_REPAIRS = (("Ð", "Đ"), ("ð", "đ"), ("ƣ", "ư"), ("Ƣ", "Ư"), ("\u00a0", " "), ("\u2007", " "), ("\u202f", " "))
_COMBINING = patterns.compile(r"[\u0300-\u036f]+")
_TONE_MARKS = patterns.compile("[\u0300\u0301\u0303\u0309\u0323]")
# A lone surrogate cannot be written as UTF-8 (JSON, SQLite, files): it becomes U+FFFD, one for one.
_SURROGATE = patterns.compile("[\ud800-\udfff]")
_PIECE = 1 << 16
"""Characters encoded at a time when a text is checked for lone surrogates (the copy made stays small)."""
# What XML 1.0 cannot carry: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = patterns.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Superscript digits used as footnote markers.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

# Tone placement: "hoà"/"hòa", "uỷ"/"ủy" are the same word written in two traditions. The key
# puts the tone on the first vowel of oa/oe/uy so both spellings compare equal.
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
"""The five combining tone marks (dấu thanh: huyền, sắc, ngã, hỏi, nặng), as NFD writes them."""
_TONE_PAIR = patterns.compile(r"([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])")


def clean_text(text: str) -> str:
    """Return ``text`` as NFC with look-alike letters repaired and line ends unified to ``\\n``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        for bad, good in _REPAIRS:
            if bad in text:
                text = text.replace(bad, good)
        if _has_surrogate(text):  # ``sub`` copies the text even when nothing matches
            text = _SURROGATE.sub("\ufffd", text)
    return text


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: the UTF-16 encoder refuses one, and it runs many times
    faster than a search for a class of characters (a text of one piece is encoded without a slice)."""
    for a in range(0, len(text), _PIECE):
        try:
            text[a:a + _PIECE].encode("utf-16-le")
        except UnicodeEncodeError:
            return True
    return False


def xml_legal(text: str, *, form_feed: str = "") -> str:
    """``text`` with what XML 1.0 forbids dropped (a form feed becomes ``form_feed``)."""
    if form_feed and "\f" in text:
        text = text.replace("\f", form_feed)
    return _XML_ILLEGAL.sub("", text)


def superscript_to_digits(s: str) -> str:
    """Turn superscript digits (``¹²``) into ASCII digits (``12``)."""
    return s.translate(_SUPER_TO_DIGIT)


def _tone_pair_starts() -> str:
    """The precomposed letters whose decomposition is ``a``/``e``/``y`` then a tone mark (``à``, ``ậ``, ``ỳ``)."""
    out = []
    for c in range(0xC0, 0x2000):
        d = unicodedata.normalize("NFD", chr(c))
        if len(d) > 1 and d[0] in "aAeEyY" and d[1] in TONES:
            out.append(chr(c))
    return "".join(out)


_NFC_TONE_PAIR = patterns.compile(f"[oOuU][{_tone_pair_starts()}]")
"""Where ``_TONE_PAIR`` can match in the decomposition of an NFC text: a bare o/u before such a letter."""


def tone_key(s: str) -> str:
    """Key in which ``hoà``/``hòa`` and ``uỷ``/``ủy`` are equal; the result is NFC."""
    if s.isascii() or (unicodedata.is_normalized("NFC", s) and _NFC_TONE_PAIR.search(s) is None):
        return s  # no tone to move: the key is the text itself
    d = unicodedata.normalize("NFD", s)
    d = _TONE_PAIR.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    return unicodedata.normalize("NFC", d)


def fold(s: str) -> str:
    """Lower-case, tone-placement-insensitive key with single spaces (``Đ`` stays ``đ``)."""
    return " ".join(tone_key(s).lower().split())


def strip_marks(s: str) -> str:
    """Remove every diacritic and map ``Đ``/``đ`` to ``D``/``d`` (for OCR-tolerant keys only)."""
    if s.isascii():
        return s
    d = _COMBINING.sub("", unicodedata.normalize("NFD", s))
    return d.replace("Đ", "D").replace("đ", "d")


def strip_tones(s: str) -> str:
    """Remove the five tone marks only (``HUYỆN ÚY`` -> ``HUYÊN UY``); letters keep their hats and horns."""
    if s.isascii():
        return s
    return unicodedata.normalize("NFC", _TONE_MARKS.sub("", unicodedata.normalize("NFD", s)))


def ascii_key(s: str) -> str:
    """Lower-case ASCII key without diacritics and spaces (``QĐ-TTg`` -> ``qd-ttg``)."""
    return "".join(strip_marks(s).lower().split())


def is_upper_text(s: str) -> bool:
    """True when ``s`` has letters and none of them is lower-case (``SỞ CÔNG THƯƠNG``)."""
    has_letter = False
    for ch in s:
        if ch.isalpha():
            if ch.islower():
                return False
            has_letter = True
    return has_letter
