"""The Parquet tables a batch writes, and ``Document`` to and from Arrow rows.

``documents``: one row per file read — its path, SHA-256, the identity keys the linker joins on
(``uri``, ``nkey`` the number key), the fields people query (type, number, issuer, date, year,
subject) and ``document``, the whole :class:`~vanban.models.Document` as its JSON (the
``document.schema.json`` of ``schemas/``), from which :func:`document_from_row` rebuilds it.
``references``: one row per citation (``source`` + ``ordinal``), with the keys of the cited
number. ``findings``: one row per rule breach of the document's profile. ``failures``: files that
could not be read, with the message. ``edges``: citations resolved by joining ``references.nkey``
on ``documents.nkey`` (see :mod:`vanban.archive.run`). Dates are ISO strings, as in the store.
"""

from __future__ import annotations

from typing import Any

from vanban.link.corpus import document_uri
from vanban.link.identity import term_of
from vanban.link.resolve import iso, number_key, placeholder_identity
from vanban.models import Document
from vanban.report import Report

_S, _I, _F = "string", "int64", "float64"

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (("source", _S), ("content_hash", _S), ("uri", _S), ("nkey", _S), ("canonical", _S),
                  ("type", _S), ("issuer", _S), ("date", _S), ("year", _I), ("term", _S), ("subject", _S),
                  ("system", _S), ("format", _S), ("references", _I), ("errors", _I), ("document", _S)),
    "references": (("source", _S), ("ordinal", _I), ("canonical", _S), ("nkey", _S), ("placeholder", _S),
                   ("type", _S), ("issuer", _S), ("date", _S), ("year", _I), ("relation", _S),
                   ("start", _I), ("end", _I)),
    "findings": (("source", _S), ("rule", _S), ("severity", _S), ("message", _S), ("text", _S),
                 ("start", _I), ("end", _I)),
    "failures": (("source", _S), ("message", _S)),
    "edges": (("source", _S), ("ordinal", _I), ("source_uri", _S), ("target_uri", _S), ("target_source", _S),
              ("relation", _S), ("nkey", _S)),
}
"""Table name -> (column, Arrow type name) in order: the documented schema of each Parquet table."""


def document_rows(doc: Document, source: str, content_hash: str,
                  report: Report | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows one document gives in each table (``documents``, ``references``, ``findings``)."""
    n = doc.number
    numbered = bool(n and n.number)
    year = (n.year if n else None) or (doc.date.year if doc.date else None)
    findings = report.findings if report is not None else ()
    row = {
        "source": source, "content_hash": content_hash, "uri": document_uri(doc, content_hash),
        "nkey": number_key(n.canonical) if numbered and n else None, "canonical": n.canonical if n else None,
        "type": doc.type.name if doc.type else None, "issuer": doc.issuer.name if doc.issuer else None,
        "date": iso(doc.date), "year": year, "term": term_of(n.system, n.issuer_code, doc.date) if n else None,
        "subject": doc.subject, "system": doc.system, "format": doc.format, "references": len(doc.references),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "document": doc.model_dump_json(),
    }
    refs = [{"source": source, "ordinal": i, "canonical": r.canonical, "nkey": number_key(r.canonical),
             "placeholder": placeholder_identity(r).uri, "type": r.type, "issuer": r.issuer, "date": iso(r.date),
             "year": r.year, "relation": r.relation, "start": r.span.start, "end": r.span.end}
            for i, r in enumerate(doc.references)]
    found = [{"source": source, "rule": f.rule, "severity": f.severity, "message": f.message, "text": f.text,
              "start": f.span.start if f.span else None, "end": f.span.end if f.span else None} for f in findings]
    return {"documents": [row], "references": refs, "findings": found}


def document_from_row(row: dict[str, Any]) -> Document:
    """The ``Document`` a ``documents`` row holds."""
    return Document.model_validate_json(row["document"])
