"""The Parquet tables a batch writes, and ``Document`` to and from Arrow rows.

``documents``: one row per file read — its path, SHA-256, the identity and resolver keys the
linker joins on (``uri``; ``nkey`` the number key, ``okey`` the OCR-tolerant key, ``block`` and
``dkey`` the fuzzy blocks), the fields people query (type, number, issuer, date, year, subject)
and ``document``, the whole :class:`~vanban.models.Document` as its JSON (the
``document.schema.json`` of ``schemas/``), from which :func:`document_from_row` rebuilds it.
``references``: one row per citation (``source`` + ``ordinal``) with the keys and facts the
resolver weighs. ``findings``: one row per rule breach of the document's profile. ``failures``:
files that could not be read, with the message. ``edges``: the citations resolved to a document
of the batch, with the confidence and reason of :mod:`vanban.link.resolve` (see
:mod:`vanban.archive.resolve`). Dates are ISO strings, as in the store. The column lists with
their Arrow types and meaning are :data:`TABLES`; ``schemas/tables/*.arrow.json`` are generated
from it (:func:`table_schema_text`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from vanban.link.corpus import document_uri
from vanban.link.resolve import document_keys, reference_keys
from vanban.models import Document
from vanban.report import Report


class Column(NamedTuple):
    """One column of a table: its name, Arrow type name (``pyarrow.type_for_alias``) and meaning."""

    name: str
    type: str
    doc: str
    nullable: bool = True


_S, _I, _F, _B = "string", "int64", "float64", "bool"


def _keys(prefix: str) -> tuple[Column, ...]:
    """The resolver's columns shared by documents and references (see :func:`vanban.link.resolve.document_keys`)."""
    return (
        Column("canonical", _S, f"the {prefix} number as printed in canonical form (81-KH/TU)"),
        Column("nkey", _S, "exact number key: leading zeros dropped, case folded (81-kh/tu)"),
        Column("okey", _S, "OCR-tolerant number key: no diacritics, look-alike characters merged"),
        Column("block", _S, "fuzzy block: type, serial number and year (kh#81#2025)"),
        Column("dkey", _S, "fuzzy block: OCR-folded symbol and date (-kh/tu@2025-01-02)"),
    )


def _dated(of: str) -> tuple[Column, ...]:
    """The numbering facts of the document or of the cited number (``of``)."""
    return (
        Column("system", _S, f"numbering system of {of} (state, party, ...)"),
        Column("form", _S, f"shape of {of} (state, party, dispatch, named, free)"),
        Column("date", _S, f"date of {of}, ISO"),
        Column("year", _I, f"year of {of}"),
        Column("term", _S, f"Party term (khóa) of {of}"),
        Column("subject", _S, f"subject (trích yếu) of {of}"),
    )


_FACTS = (
    Column("type", _S, "document type name (Kế hoạch)"),
    Column("type_code", _S, "type abbreviation of the number (KH)"),
    Column("issuer_code", _S, "issuer abbreviation of the number (TU)"),
    Column("issuer", _S, "issuer name (with its parent body for a document)"),
    Column("issuer_key", _S, "issuer name folded, common abbreviations spelt out"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        Column("id", _I, "position of the file in the batch's sorted file list", False),
        Column("source", _S, "the file's path or URL", False),
        Column("content_hash", _S, "SHA-256 of the file's bytes, hex", False),
        Column("uri", _S, "the document's URI (docs/identity.md)", False),
        *_keys("document's"), *_FACTS,
        Column("place", _S, "the place the issuer name ends with (tỉnh lào cai)"),
        *_dated("the document (its number; the year of the number, else of the date)"),
        Column("format", _S, "the format read (text, docx, pdf, ...)"),
        Column("references", _I, "number of citations", False),
        Column("errors", _I, "error findings of the document's profile", False),
        Column("document", _S, "the whole Document as JSON (schemas/document.schema.json)", False),
    ),
    "references": (
        Column("source", _S, "the citing file", False),
        Column("document_id", _I, "documents.id of the citing file", False),
        Column("source_uri", _S, "URI of the citing document", False),
        Column("source_date", _S, "date of the citing document, ISO"),
        Column("ordinal", _I, "position of the citation in the citing document", False),
        *_keys("cited"),
        Column("placeholder", _S, "URI of the cited document when it is not in the batch", False),
        *_FACTS,
        *_dated("the cited document, as the citation gives it"),
        Column("relation", _S, "what the citing document does with it (implements, amends, ...)", False),
        Column("start", _I, "character span of the citation in the citing text"),
        Column("end", _I, "end of that span"),
    ),
    "findings": (
        Column("source", _S, "the file", False),
        Column("rule", _S, "stable rule id (docs/rules.md)", False),
        Column("severity", _S, "error | warning | info", False),
        Column("message", _S, "what is wrong", False),
        Column("text", _S, "the text concerned"),
        Column("start", _I, "character span"),
        Column("end", _I, "end of that span"),
    ),
    "failures": (
        Column("source", _S, "the file that could not be read", False),
        Column("message", _S, "why", False),
    ),
    "edges": (
        Column("source", _S, "the citing file", False),
        Column("ordinal", _I, "references.ordinal of the citation", False),
        Column("source_uri", _S, "URI of the citing document", False),
        Column("target_uri", _S, "URI of the cited document", False),
        Column("target_source", _S, "the cited document's file", False),
        Column("relation", _S, "references.relation", False),
        Column("nkey", _S, "number key of the citation", False),
        Column("confidence", _F, "how sure the resolver is, 0..1", False),
        Column("reason", _S, "the resolver's step and the facts that agreed", False),
    ),
}
"""Table name -> its columns in order: the documented schema of each Parquet table."""


def document_rows(doc: Document, source: str, content_hash: str, report: Report | None = None, *,
                  id: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows one document gives in each table (``documents``, ``references``, ``findings``)."""
    findings = report.findings if report is not None else ()
    uri = document_uri(doc, content_hash)
    keys = document_keys(doc)
    row = {
        "id": id, "source": source, "content_hash": content_hash, "uri": uri, **keys,
        "format": doc.format, "references": len(doc.references),
        "errors": sum(1 for f in findings if f.severity == "error"), "document": doc.model_dump_json(),
    }
    refs = [{"source": source, "document_id": id, "source_uri": uri, "source_date": keys["date"], "ordinal": i,
             **reference_keys(r), "start": r.span.start, "end": r.span.end}
            for i, r in enumerate(doc.references)]
    found = [{"source": source, "rule": f.rule, "severity": f.severity, "message": f.message, "text": f.text,
              "start": f.span.start if f.span else None, "end": f.span.end if f.span else None} for f in findings]
    return {"documents": [row], "references": refs, "findings": found}


def document_from_row(row: dict[str, Any]) -> Document:
    """The ``Document`` a ``documents`` row holds."""
    return Document.model_validate_json(row["document"])


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table of :data:`TABLES` (needs pyarrow)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, pa.type_for_alias(c.type), nullable=c.nullable) for c in TABLES[table]])


def table_schema_text(table: str) -> str:
    """The documented schema of one table as stable JSON text (``schemas/tables/<table>.arrow.json``)."""
    data = {
        "title": f"vanban batch table '{table}'",
        "description": ("Columns of the Parquet files under <out>/" + table + "/ written by `vanban batch` "
                        "(vanban.archive.TABLES); types are Arrow type names."),
        "table": table,
        "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable, "description": c.doc}
                    for c in TABLES[table]],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_table_schemas(folder: Path) -> list[Path]:
    """Write every table's schema into ``folder`` (``<table>.arrow.json``); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLES:
        path = folder / f"{table}.arrow.json"
        path.write_text(table_schema_text(table), encoding="utf-8")
        paths.append(path)
    return paths


def stale_table_schemas(folder: Path) -> list[str]:
    """Names of the table schema files in ``folder`` that are missing or differ from :data:`TABLES`."""
    return [f"{t}.arrow.json" for t in TABLES
            if not (folder / f"{t}.arrow.json").is_file()
            or (folder / f"{t}.arrow.json").read_text(encoding="utf-8") != table_schema_text(t)]
