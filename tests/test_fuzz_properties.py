"""Property tests: damaged real documents never crash the parser and keep its promises.

``parse_text`` on any str returns a Document whose spans lie inside its text and whose strings are
NFC; ``parse_file`` on any bytes returns a Document or raises a VanbanError. The ``ci`` profile of
``tests/mutations.py`` runs 2,300 examples here; ``bench/fuzz.py`` runs the long campaign.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban import Document, VanbanError, parse_file, parse_text

from .mutations import file_bytes, fragment_mix, mutated, spans, strings

CI = settings.get_profile("ci")


def check_document(doc: Document) -> None:
    """The promises every parsed document keeps."""
    assert isinstance(doc, Document)
    n = len(doc.text)
    for sp in spans(doc):
        assert 0 <= sp.start <= sp.end <= n, (sp, n)
    for s in strings(doc):
        assert unicodedata.is_normalized("NFC", s), s[:80]


@settings(CI, max_examples=1000)
@given(mutated())
def test_mutated_documents_parse(text: str) -> None:
    check_document(parse_text(text))


@settings(CI, max_examples=500)
@given(fragment_mix())
def test_header_and_footer_fragment_mixes_parse(text: str) -> None:
    check_document(parse_text(text))


@settings(CI, max_examples=300)
@given(st.text(max_size=400))
def test_any_string_parses(text: str) -> None:
    check_document(parse_text(text))


@settings(CI, max_examples=500)
@given(file_bytes())
def test_any_bytes_give_a_document_or_a_vanban_error(data: bytes) -> None:
    try:
        doc = parse_file(data)
    except VanbanError as e:
        assert str(e)
    else:
        check_document(doc)
