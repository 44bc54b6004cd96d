"""Parsing: text in reading order → :class:`~vanban.models.Document`.

``layout`` splits lines and columns, ``header`` reads the top (issuer, number, motto, place and
date, type and subject), ``tail`` the foot (signature, Nơi nhận), ``stamp`` the incoming stamp,
``footnotes`` the notes, ``citations`` every cited document; ``text`` puts them together.
"""

from vanban.parse.text import parse_text

__all__ = ["parse_text"]
