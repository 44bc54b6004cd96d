"""Spans made without validation (``Span.of``) and the mapping of every span of a read document (``remap_spans``)."""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import BaseModel, ValidationError

from vanban import parse_text
from vanban.models import Document, Span
from vanban.parse.spans import remap_spans


@pytest.mark.parametrize(("start", "end"), [(0, 0), (3, 5), (255, 257), (10**6, 10**6 + 40), (2**40, 2**40 + 1)])
def test_span_of_is_the_validated_span(start: int, end: int) -> None:
    made, valid = Span.of(start, end), Span(start=start, end=end)
    assert made == valid and hash(made) == hash(valid) and repr(made) == repr(valid)
    assert made.model_dump() == valid.model_dump() and made.model_dump_json() == valid.model_dump_json()
    assert made.model_fields_set == valid.model_fields_set
    assert pickle.loads(pickle.dumps(made)) == valid and copy.deepcopy(made) == valid
    assert made.model_copy(update={"end": end + 1}) == Span(start=start, end=end + 1)
    assert made == valid  # the copy changed only itself
    with pytest.raises(ValidationError):
        made.start = 1  # type: ignore[misc]  # frozen as the validated one


def _shifted(model: Document, by: int) -> Document:
    """The document with every span moved by ``by``, made field by field with ``model_copy`` (the reference)."""
    def walk(v: object) -> object:
        if isinstance(v, Span):
            return Span.of(v.start + by, v.end + by)
        if isinstance(v, tuple):
            return tuple(walk(x) for x in v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, BaseModel):
            update = {n: walk(getattr(v, n)) for n in type(v).model_fields}
            return v.model_copy(update={n: x for n, x in update.items() if x != getattr(v, n)})
        return v
    out = walk(model)
    assert isinstance(out, Document)
    return out


TEXTS = [
    "Số: 12/QĐ-UBND\nQUYẾT ĐỊNH\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 và Nghị định 30/2020/NĐ-CP.\n",
    "UBND TỈNH A          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/UBND-VX        Độc lập - Tự do - Hạnh phúc\n"
    "V/v báo cáo\nThực hiện Công văn số 41-CV/TU, Luật 80/2015/QH13.\nNơi nhận:\n- Như trên;\n",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_remap_spans_moves_every_span_and_keeps_the_rest(text: str) -> None:
    doc = parse_text(text)
    assert not text or (doc.references and doc.references[0].mentions)
    expected = _shifted(doc, 7)
    box = [doc.model_copy()]
    got = remap_spans(box, lambda s: Span.of(s.start + 7, s.end + 7))
    assert box == []  # taken out of the box
    assert got == expected and got.model_dump() == expected.model_dump()
    assert got.model_fields_set == expected.model_fields_set
    assert doc == parse_text(text)  # the document copied from is as it was
