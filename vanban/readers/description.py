"""A JSON (or YAML) description of a document, as ``vanban render`` and ``parse_file`` accept it.

The JSON is the object ``vanban parse --format json`` prints for one file, or a shorter hand-written
form (``examples/minimal.json``) where a few fields may be given as plain strings::

    "number": "15/QĐ-UBND"           -> DocumentNumber (parsed by the number grammar)
    "type": "Quyết định"              -> DocumentType(name=...)
    "issuer": "SỞ CÔNG THƯƠNG"        -> Issuer(name=...)
    "signature": {...}                -> signatures: [{...}]
    "body": ["para 1", "para 2"]      -> body paragraphs joined by blank lines
    "footnotes": ["text", ...]        -> footnotes marked 1, 2, ... (put ¹ ² in the body where they go)

``system`` defaults to the number's system. Keys starting with ``$`` (``$comment``) are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from vanban.errors import InputError, NumberSyntaxError
from vanban.models import Document
from vanban.numbering import parse_number

MAX_DESCRIPTION_BYTES = 8 * 1024 * 1024
"""JSON/YAML descriptions larger than this are refused."""


def _coerce(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if not str(k).startswith("$")}
    type_name = out.get("type")
    if isinstance(type_name, str):
        out["type"] = {"name": type_name}
        type_name = type_name
    elif isinstance(type_name, Mapping):
        type_name = type_name.get("name")
    number = out.get("number")
    if isinstance(number, str):
        try:
            parsed = parse_number(number, dispatch=True if type_name == "Công văn" else None)
        except NumberSyntaxError as e:
            raise InputError(f"field 'number': {e}") from None
        out["number"] = parsed.model_dump()
    if isinstance(out.get("issuer"), str):
        out["issuer"] = {"name": out["issuer"]}
    if "signature" in out:
        sig = out.pop("signature")
        if sig and "signatures" not in out:
            out["signatures"] = [sig]
    body = out.get("body")
    if isinstance(body, list):
        out["body"] = "\n\n".join(str(p) for p in body)
    notes = out.get("footnotes")
    if isinstance(notes, list):
        out["footnotes"] = [
            {"marker": str(k + 1), "text": n} if isinstance(n, str) else n for k, n in enumerate(notes)
        ]
    if not out.get("system") and isinstance(out.get("number"), Mapping):
        out["system"] = out["number"].get("system")
    return out


def document_from_data(data: Any) -> Document:
    """A :class:`Document` from a parsed JSON/YAML object; ``InputError`` names the first bad field."""
    if not isinstance(data, Mapping):
        raise InputError("a document description must be a JSON object")
    try:
        return Document.model_validate(_coerce(data))
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "document"
        raise InputError(f"field {where!r}: {err['msg']}") from None


def _yaml_load(text: str, name: str) -> Any:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(f"{name}: YAML input needs PyYAML, which is not installed; use JSON") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InputError(f"{name}: not valid YAML ({str(e).splitlines()[0]})") from None


def looks_like_description(data: bytes) -> bool:
    """True when ``data`` is a JSON object or list (a plain-text document never starts with ``{``)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


def read_description(data: bytes, name: str | None = None, *, yaml: bool = False) -> Document:
    """The document a JSON (or, with ``yaml=True``, YAML) description in ``data`` gives."""
    label = name or "input"
    if len(data) > MAX_DESCRIPTION_BYTES:
        raise InputError(f"{label}: a description above {MAX_DESCRIPTION_BYTES} bytes is refused")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{label}: not UTF-8 text") from None
    try:
        if yaml:
            obj = _yaml_load(text, label)
        else:
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as e:
                raise InputError(f"{label}: not valid JSON ({e.msg} at line {e.lineno})") from None
    except RecursionError:  # thousands of nested brackets: no description nests that deep
        raise InputError(f"{label}: the description nests too deeply") from None
    if isinstance(obj, list):
        if len(obj) != 1:
            raise InputError(f"{label}: holds {len(obj)} documents; give one")
        obj = obj[0]
    doc = document_from_data(obj)
    return doc if doc.source else doc.model_copy(update={"source": name})
