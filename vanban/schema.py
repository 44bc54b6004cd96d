"""JSON Schemas of what vanban prints, generated from the models (``schemas/`` is checked in)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from vanban.batch import InputFailure
from vanban.link.graph import Graph
from vanban.models import Document
from vanban.register.columns import IncomingRow, OutgoingRow, TrackingRow
from vanban.register.entry import Entry
from vanban.render.retypeset import FormatReport
from vanban.report import Report

SCHEMAS: dict[str, type[BaseModel]] = {
    "document.schema.json": Document,
    "format-report.schema.json": FormatReport,
    "input-error.schema.json": InputFailure,
    "register-entry.schema.json": Entry,
    "register-incoming-row.schema.json": IncomingRow,
    "register-outgoing-row.schema.json": OutgoingRow,
    "register-tracking-row.schema.json": TrackingRow,
    "report.schema.json": Report,
    "graph.schema.json": Graph,
}
"""File name -> model; the schema describes the model's JSON output (serialisation mode)."""


def schema_text(model: type[BaseModel]) -> str:
    """The schema of ``model``'s JSON output as stable, pretty-printed text."""
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        paths.append(path)
    return paths


def stale_schemas(folder: Path) -> list[str]:
    """Names of the schema files in ``folder`` that are missing or differ from the models."""
    stale = []
    for name, model in SCHEMAS.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(model):
            stale.append(name)
    return stale
