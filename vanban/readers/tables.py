"""Data tables into the model: placing a reader's tables in the body or appendix, and tables of a PDF page.

Every reader builds a :class:`~vanban.models.Table` with ``Table.from_rows`` (rows of cell texts)
and hands it to :func:`place_tables` with the lines its text shows for it; the table is then
located in ``body`` or ``appendix`` (``part``, ``part_span``). A PDF text layer has no tables, only
lines whose cells are set apart by runs of spaces; :func:`layout_tables` reads them back into rows
and cells by the columns of the heading line.
"""

from __future__ import annotations

import re
from typing import Literal

from vanban import patterns
from vanban.models import Document, Span, Table, TableCell

_GAP = patterns.compile(r"\S(?:.*?\S)?(?=\s{3,}|\s*$)")
_ROW_LABEL = patterns.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?(?=\s|$)")
_NUMERIC = patterns.compile(r"^[\d.,%/\s-]+$")
_END = patterns.compile(r"^(?:Nơi nhận|Ghi chú|KT\.|TM\.|TL\.|Q\.)", re.IGNORECASE)
MIN_COLUMNS = 3
"""A heading line with fewer cells than this starts no table."""
PROSE = 60
"""A line of one piece longer than this (and no row label) is prose after the table: it ends the table."""


def _plain(line: str) -> str:
    return " ".join(line.split())


def _locate(lines: list[str], text: str, start: int = 0) -> Span | None:
    """Where ``lines`` (first to last, spacing ignored) stand as whole lines of ``text``."""
    own = [_plain(ln) for ln in lines if ln.strip()]
    if not own:
        return None
    offsets, pos = [], 0
    for ln in text.split("\n"):
        offsets.append((pos, pos + len(ln), _plain(ln)))
        pos += len(ln) + 1
    for k, (a, _, p) in enumerate(offsets):
        if a < start or p != own[0]:
            continue
        for b_k in range(k, min(len(offsets), k + 4 * len(own) + 10)):
            if offsets[b_k][2] == own[-1]:
                return Span(start=a, end=offsets[b_k][1])
        return None
    return None


def place_tables(doc: Document, found: list[tuple[Table, list[str]]]) -> tuple[Table, ...]:
    """``found`` tables (each with the lines the text shows for it) placed in the body or the appendix.

    A table found in neither (its lines were read as the header or the signature) is left out.
    """
    out: list[Table] = []
    cursor: dict[str, int] = {"body": 0, "appendix": 0}
    for table, lines in found:
        for part in ("body", "appendix"):
            text = doc.body if part == "body" else doc.appendix
            where = _locate(lines, text, cursor[part])
            if where is not None:
                cursor[part] = where.end
                kind: Literal["body", "appendix"] = "body" if part == "body" else "appendix"
                out.append(table.model_copy(update={"part": kind, "part_span": where}))
                break
    return tuple(out)


def header_rows(rows: list[list[str]], bold_first: bool = False) -> int:
    """1 when the first row reads as column headings (bold, or words over a column of numbers), else 0."""
    if len(rows) < 2:
        return 0
    if bold_first:
        return 1
    first, second = rows[0], rows[1]
    heads = [c for c in first if c.strip()]
    if heads and not any(_NUMERIC.match(c) for c in heads) and second and _NUMERIC.match(second[0] or "x"):
        return 1
    return 0


def _cells(line: str) -> list[tuple[int, str]]:
    """Segments of a laid-out line set apart by three or more spaces, with their columns."""
    return [(m.start(), m.group(0)) for m in _GAP.finditer(line)]


def layout_tables(text: str) -> list[tuple[Table, list[str]]]:
    """Tables of a PDF text laid out as on the page, with the lines each covers.

    A table starts at a line of at least :data:`MIN_COLUMNS` cells (its heading); its columns are
    that line's cell positions. Rows start where the first column holds a row label (``1``, ``1.2``,
    ``II``, ``a)``); other lines add their pieces to the cells of the row above, by column. The table
    ends at a long line of prose, a blank line followed by prose, or the Nơi nhận/signature.
    """
    lines = text.split("\n")
    out: list[tuple[Table, list[str]]] = []
    i = 0
    while i < len(lines):
        head = _cells(lines[i])
        if len(head) < MIN_COLUMNS or any(len(c) > 60 for _, c in head):
            i += 1
            continue
        table, end = _read_table(lines, i, [pos for pos, _ in head])
        if table is not None:
            out.append((table, lines[i:end]))
            i = end
        else:
            i += 1
    return out


def _pieces(line: str, label_edge: int) -> tuple[list[tuple[int, str]], bool]:
    """The line's pieces; a row label glued to the first words (``1.1 Nghiên cứu``) is cut off. True for a row start."""
    pieces = _cells(line)
    if not pieces or pieces[0][0] > label_edge:
        return pieces, False
    pos, first = pieces[0]
    m = _ROW_LABEL.match(first)
    if m is None:
        return pieces, False
    rest = first[m.end():]
    if rest.strip():
        off = m.end() + len(rest) - len(rest.lstrip())
        return [(pos, m.group(0)), (pos + off, rest.strip()), *pieces[1:]], True
    return pieces, True


def _read_table(lines: list[str], first: int, starts: list[int]) -> tuple[Table | None, int]:
    heading = _plain(lines[first])
    ncols = len(starts)
    label_edge = starts[0] + 6
    first_pieces, heading_is_row = _pieces(lines[first], label_edge)  # no heading: the table opens with a row
    taken: list[tuple[list[tuple[int, str]], bool]] = [(first_pieces, heading_is_row)]
    j = first + 1
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            nxt = next((ln for ln in lines[j + 1:] if ln.strip()), "")
            if len(_cells(nxt)) < 2:
                break
            j += 1
            continue
        text = _plain(line)
        if text == heading and not heading_is_row:  # the heading repeated at the top of the next page
            j += 1
            continue
        pieces, row_start = _pieces(line, label_edge)
        if _END.match(text) or (len(pieces) == 1 and len(text) > PROSE and not row_start):
            break
        taken.append((pieces, row_start))
        j += 1
    if not any(r for _, r in taken[1:]):
        return None, first + 1
    # where each column starts: from the lines that fill every column, else from the heading
    seen: list[list[int]] = [[s] for s in starts]
    for pieces, _ in taken[1:]:
        if len(pieces) == ncols:
            for c, (pos, _) in enumerate(pieces):
                seen[c].append(pos)
    at = [sorted(v)[len(v) // 2] for v in seen]
    label_col = all(len(c) <= 6 for c in (p[0][1] for p, r in taken[1:] if r and p))
    rows: list[list[list[str]]] = []
    for k, (pieces, row_start) in enumerate(taken):
        if k == 0 or row_start:
            rows.append([[] for _ in range(ncols)])
        if len(pieces) == ncols:
            cols = list(range(ncols))
        else:
            cols, low = [], 0
            for n, (pos, _) in enumerate(pieces):
                if row_start and n == 0:
                    c = 0  # a row's label opens the first column
                else:
                    c = min(range(low, ncols), key=lambda c: abs(at[c] - pos))
                cols.append(c)
                low = min(c + (1 if row_start and n == 0 and ncols > 1 else 0), ncols - 1)
        for (pos, piece), c in zip(pieces, cols, strict=True):
            if label_col and c == 0 and k > 0 and not (row_start and pos == pieces[0][0]) and ncols > 1:
                c = 1  # the label column holds labels only
            rows[-1][c].append(piece)
    texts = [[_plain(" ".join(parts)) for parts in row] for row in rows]
    table = Table(rows=tuple(tuple(TableCell(text=c) for c in row) for row in texts),
                  header_rows=0 if heading_is_row else 1)
    return table, j
