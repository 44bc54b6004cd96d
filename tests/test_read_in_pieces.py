"""``parse_file`` of a long UTF-8 text file reads and decodes it in pieces: the same document as its bytes give."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

import vanban.readers as readers
from vanban import InputError, parse_file

SEED = Path(__file__).resolve().parents[1] / "examples" / "bao-cao-85-BC-BTGTU.txt"
TEXT = SEED.read_text(encoding="utf-8")
TABLE = "\n|\nSố: 1/QĐ-UBND\n|\n" * 3
ASTRAL = "Ghi chú 𝐀𝐁 😀 về Điều 5.\n"


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is read in pieces; its first 4000 pieces 7 bytes each (sequences split across them)."""
    monkeypatch.setattr(readers, "_LEAST", 0)
    monkeypatch.setattr(readers, "_FIRST", 7)
    monkeypatch.setattr(readers, "_WARM", 4000)


PIECES = 9
"""The first ``PIECES`` cases are UTF-8 texts read in pieces; the others are read whole (as before)."""
CASES: list[tuple[str, bytes]] = [
    ("plain", TEXT.encode()),
    ("crlf", TEXT.replace("\n", "\r\n").encode()),
    ("no final newline", TEXT.rstrip("\n").encode()),
    ("byte-order mark", codecs.BOM_UTF8 + TEXT.encode()),
    ("markdown", (TABLE + "**Điều 1.** Nội dung **đậm** " * 8 + "\n" + TEXT).encode()),
    ("astral", (ASTRAL + TEXT + ASTRAL).encode()),
    ("empty lines", ("\n" * 50 + TEXT + "\n" * 50).encode()),
    ("long, past a piece", (TEXT * (3 * readers._PIECE // len(TEXT.encode()) + 1)).encode()),
    ("latin letters only first", ("a" * readers._PIECE + TEXT).encode()),
    ("windows-1258", TEXT.encode("cp1258", errors="replace")),
    ("broken UTF-8 late", TEXT.encode() + b"\xff\xfe tail"),
    ("cut sequence at the end", TEXT.encode() + "Đ".encode()[:1]),
    ("UTF-16", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("JSON-looking", b'{"not": "a description"}\n' + TEXT.encode()),
    ("XML-looking", b"<p>" + TEXT.encode()),
    ("blank head", b" " * (readers._PIECE + 10) + TEXT.encode()),
]


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(("name", "data"), CASES, ids=[c[0] for c in CASES])
def test_file_read_in_pieces_is_the_document_of_its_bytes(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    pieces = [c[0] for c in CASES[:PIECES]]
    assert (readers._text_in_pieces(path, readers.MAX_BYTES) is not None) == (name in pieces)
    try:
        want = parse_file(data).model_copy(update={"source": str(path)})
    except InputError as e:
        with pytest.raises(InputError) as got:
            parse_file(path)
        assert str(got.value) == str(e).replace("input", str(path), 1)
        return
    assert parse_file(path) == want


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_named_descriptions_are_read_whole(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(TEXT.encode())
    assert readers._text_in_pieces(path, readers.MAX_BYTES) is None


@pytest.mark.usefixtures("small_pieces")
def test_a_file_above_the_limit_is_refused_as_before(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode())
    assert readers._text_in_pieces(path, 1000) is None
    with pytest.raises(InputError, match="limit"):
        parse_file(path, max_bytes=1000)


def test_short_files_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode())
    assert len(TEXT.encode()) <= readers._LEAST
    assert readers._text_in_pieces(path, readers.MAX_BYTES) is None
    assert parse_file(path).encoding == "utf-8"



@pytest.mark.parametrize("extra", [1, 4096])
def test_a_file_past_the_least_is_read_in_pieces(tmp_path: Path, extra: int) -> None:
    """A file longer than ``_LEAST`` bytes (glibc's threshold for a block mapped apart) is read in pieces, as it is."""
    body = (TABLE + TEXT).encode()
    data = body * (readers._LEAST // len(body)) + b"x" * (readers._LEAST % len(body) + extra)
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert len(data) == readers._LEAST + extra
    assert readers._text_in_pieces(path, readers.MAX_BYTES) is not None
    assert parse_file(path) == parse_file(data).model_copy(update={"source": str(path)})


def test_a_file_with_its_markdown_late_in_its_first_piece_is_read_as_markdown(tmp_path: Path) -> None:
    """The format is told from the first piece as from the bytes (:func:`sniff` reads their first 256 KiB): a
    file whose Markdown marks stand past 64 KiB is Markdown read either way (a dev text is so)."""
    plain = (TEXT * (150_000 // len(TEXT.encode()) + 1)).encode()
    data = plain + ("\n" + TABLE + "**Điều 1.** Nội dung **đậm**\n" * 40).encode()
    assert readers._LEAST < len(data) and len(plain) < readers._PIECE
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    got = parse_file(path)
    assert got.format == "markdown"
    assert got == parse_file(data).model_copy(update={"source": str(path)})

@pytest.mark.usefixtures("small_pieces")
def test_a_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # (opening it would wait for a writer)
    assert readers._text_in_pieces(tmp_path / "pipe.txt", readers.MAX_BYTES) is None
    with pytest.raises(InputError, match="not a regular file"):
        parse_file(tmp_path / "pipe.txt")
