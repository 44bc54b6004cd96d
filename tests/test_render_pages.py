"""``render_docx`` printed: over a sweep of body lengths no page holds only the signature or only a page number.

The documents are printed to PDF by LibreOffice (Debian package ``libreoffice-writer-nogui``, with
``fonts-liberation`` for Times New Roman's metrics), all in one ``soffice`` call, and read back page by
page with pypdf. Skipped where ``soffice`` is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from vanban import Document, parse_file, render_docx
from vanban.cli.parse import document_json
from vanban.models import Footnote

from .conftest import ROOT, SEED

LENGTHS = 32
"""Body lengths per document: from a few lines to past two pages, in steps smaller than a line's worth of text."""


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice is not installed (Debian: apt-get install -y libreoffice-writer-nogui fonts-liberation)")
    return exe


def cut_body(doc: Document, chars: int) -> Document:
    """``doc`` with its body cut after about ``chars`` characters at a word, ended by a full stop."""
    body = doc.body
    if chars < len(body):
        cut = body.rfind(" ", 0, chars)
        body = body[:cut].rstrip(" ,;:-") + "."
    notes = tuple(n for n in doc.footnotes if n.body_offset is not None and n.body_offset <= len(body))
    return doc.model_copy(update={"body": body, "footnotes": notes})


def sweep(doc: Document, start: int, stop: int) -> list[Document]:
    step = (stop - start) / (LENGTHS - 1)
    return [cut_body(doc, round(start + k * step)) for k in range(LENGTHS)]


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Document, list[str]]]:
    """Each swept document, its name and the text of each printed page."""
    exe = soffice()
    folder = tmp_path_factory.mktemp("pages")
    state = parse_file(ROOT / "examples" / "quyet-dinh.json")
    long_state = state.model_copy(update={"body": "\n\n".join([state.body] * 4)})
    party = parse_file(SEED)
    docs: dict[str, Document] = {}
    for k, d in enumerate(sweep(long_state, 300, 5200)):
        docs[f"state-{k:02d}"] = d
    for k, d in enumerate(sweep(party, 300, 5200)):
        docs[f"party-{k:02d}"] = d
    docs["seed-text"] = party
    seed_json = folder / "seed.json"
    seed_json.write_text(json.dumps(document_json(party), ensure_ascii=False), encoding="utf-8")
    docs["seed-json"] = parse_file(seed_json)
    for name, d in docs.items():
        render_docx(d, folder / f"{name}.docx")
    files = sorted(str(p) for p in folder.glob("*.docx"))
    subprocess.run([exe, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *files], check=True, capture_output=True, timeout=900)
    return [(name, d, page_texts(folder / f"{name}.pdf")) for name, d in docs.items()]


def test_sweep_covers_both_systems_and_many_page_breaks(printed: list[tuple[str, Document, list[str]]]) -> None:
    systems = {d.system for _, d, _ in printed}
    assert systems == {"state", "party"}
    assert len(printed) >= 60
    counts = {len(pages) for _, _, pages in printed}
    assert max(counts) >= 3 and min(counts) == 1  # the sweep crosses page ends, so the rules are exercised


def test_no_page_holds_only_a_page_number(printed: list[tuple[str, Document, list[str]]]) -> None:
    bare = [(name, k + 1) for name, _, pages in printed for k, text in enumerate(pages)
            if re.fullmatch(r"\s*\d*\s*", text)]
    assert bare == []


def test_signature_never_alone_on_a_page(printed: list[tuple[str, Document, list[str]]]) -> None:
    """The page with the signer's name also holds the end of the body, and the whole Nơi nhận."""
    alone = []
    for name, doc, pages in printed:
        sig = doc.signatures[0]
        assert sig.signer
        signer_pages = [k for k, text in enumerate(pages) if sig.signer in " ".join(text.split())]
        assert signer_pages, name
        page = " ".join(pages[signer_pages[-1]].split())
        last_words = words(doc.body)[-3:]
        page_words = words(page)
        has_body_end = any(page_words[i:i + 3] == last_words for i in range(len(page_words)))
        recipients_here = all(words(r)[0] in page_words for r in doc.recipients)
        if not (has_body_end and recipients_here):
            alone.append(name)
    assert alone == []


def test_footnotes_follow_their_marks(printed: list[tuple[str, Document, list[str]]]) -> None:
    """A footnote prints on the page of its mark: the words before the mark share the page with the note."""
    checked = 0
    for _, doc, pages in printed:
        for note in doc.footnotes:
            assert isinstance(note, Footnote) and note.body_offset is not None
            before = words(doc.body[max(0, note.body_offset - 60):note.body_offset])[-2:]
            note_words = words(note.text)[:4]
            for text in pages:
                w = words(text)
                if any(w[i:i + 4] == note_words for i in range(len(w))):
                    assert any(w[i:i + 2] == before for i in range(len(w))), (doc.body[note.body_offset - 40:], note)
                    checked += 1
                    break
    assert checked >= 20  # the longer Party bodies carry the seed's three notes


def test_seed_footnotes_on_the_same_pages_from_json(printed: list[tuple[str, Document, list[str]]]) -> None:
    """Seed -> JSON -> DOCX prints footnotes 1, 2, 3 on the pages where the text path prints them."""
    by_name = {name: (doc, pages) for name, doc, pages in printed}

    def note_pages(name: str) -> list[int]:
        doc, pages = by_name[name]
        out = []
        for note in doc.footnotes:
            head = words(note.text)[:4]
            out.append(next(k + 1 for k, text in enumerate(pages)
                            if any(words(text)[i:i + 4] == head for i in range(len(words(text))))))
        return out

    assert note_pages("seed-json") == note_pages("seed-text") == [1, 2, 3]
