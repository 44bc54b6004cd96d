"""Validation reports: findings with rule ids and locations, and their text, JSON and SARIF forms.

A :class:`Finding` says which rule (``VB107``) found what (``text``) where (``span`` in
``Document.text``, or ``paragraph`` for a DOCX paragraph), how bad it is (``severity``) and why
(``message``, in the report's language). A :class:`Report` holds the findings of one document.
The renderers below only format reports; they never parse or validate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict

from vanban.models import Span

Severity = Literal["error", "warning", "info"]
"""How bad a finding is: ``error`` breaks a mandatory rule, ``warning`` a rule with exceptions or
a guidance, ``info`` is a hint (an OCR-suspect word)."""

Profile = Literal["nd30", "party", "qppl"]
"""Rule set: ``nd30`` state administrative documents (Nghị định 30/2020/NĐ-CP), ``party`` Party
documents (Hướng dẫn 36-HD/VPTW, later 05-HD/VPTW), ``qppl`` legal-normative documents (văn bản
quy phạm pháp luật, Luật 80/2015/QH13 and Nghị định 34/2016/NĐ-CP)."""

Lang = Literal["vi", "en"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SARIF_LEVEL: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    """One breach of one rule: rule id, severity, message, offending text and where it is."""

    rule: str
    severity: Severity
    message: str
    text: str | None = None
    span: Span | None = None
    paragraph: int | None = None
    suggestion: str | None = None


class Report(_Frozen):
    """The findings of one document checked against one profile's rules in force on ``checked_on``.

    ``checked_on`` is the document's own date, or the day of the check for an undated document.
    ``rules`` lists the ids of every rule that ran.
    """

    source: str | None = None
    profile: Profile
    lang: Lang = "vi"
    checked_on: str
    rules: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> int:
        """Number of error-severity findings."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        """True when no finding has error severity."""
        return self.errors == 0

    def rule_ids(self) -> list[str]:
        """The distinct rule ids found, sorted."""
        return sorted({f.rule for f in self.findings})


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


Positions = Mapping[int, tuple[int, int]]
"""Line and column of the offsets a report's findings point at: all the renderers need of a text."""


def positions(report: Report, text: str) -> dict[int, tuple[int, int]]:
    """Line and column of every span start and end of ``report``'s findings in ``text`` (small, picklable)."""
    return {o: line_col(text, o) for f in report.findings if f.span is not None for o in (f.span.start, f.span.end)}


def _at(text: str | Positions, offset: int) -> tuple[int, int]:
    return line_col(text, offset) if isinstance(text, str) else text[offset]


def render_text(reports: Sequence[Report], texts: Sequence[str | Positions], failed: int = 0) -> str:
    """One line per finding, ``source:line:col: RULE severity: message [text]``, then a summary
    (counting the ``failed`` inputs that could not be checked). ``texts``: each document's text or
    its report's :func:`positions`."""
    out = [line for report, text in zip(reports, texts, strict=True) for line in finding_lines(report, text)]
    out.append(text_summary(len(out), sum(r.errors for r in reports), len(reports),
                            reports[0].lang if reports else "vi", failed))
    return "\n".join(out) + "\n"


def finding_lines(report: Report, text: str | Positions) -> list[str]:
    """The lines of :func:`render_text` for one report's findings (made where the document is, with ``--jobs``)."""
    out: list[str] = []
    src = report.source or "<text>"
    for f in report.findings:
        where = src
        if f.span is not None:
            line, col = _at(text, f.span.start)
            where = f"{src}:{line}:{col}"
        elif f.paragraph is not None:
            where = f"{src}:¶{f.paragraph}"
        shown = f" [{_clip(f.text)}]" if f.text else ""
        hint = f" (-> {f.suggestion})" if f.suggestion else ""
        out.append(f"{where}: {f.rule} {f.severity}: {f.message}{shown}{hint}")
    return out


def text_summary(findings: int, errors: int, documents: int, lang: Lang, failed: int = 0) -> str:
    """The last line of :func:`render_text`: how many findings and errors in how many documents."""
    if lang == "en":
        return (f"{findings} finding(s), {errors} error(s) in {documents} document(s)"
                + (f"; {failed} input(s) could not be checked" if failed else ""))
    return (f"{findings} phát hiện, {errors} lỗi trong {documents} văn bản"
            + (f"; {failed} tệp không kiểm tra được" if failed else ""))


def _clip(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render_json(reports: Sequence[Report]) -> str:
    """The reports as JSON: one object for one document, a list for several."""
    data = [r.model_dump(mode="json") for r in reports]
    out: Any = data[0] if len(data) == 1 else data
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _uri(source: str | None, n: int) -> str:
    return quote(Path(source).as_posix(), safe="/:") if source else f"document-{n + 1}.txt"


def render_sarif(reports: Sequence[Report], texts: Sequence[str | Positions], rules: Sequence[dict[str, Any]],
                 version: str, failures: Sequence[tuple[str, str]] = ()) -> str:
    """The reports as one SARIF 2.1.0 log; ``rules`` are the SARIF rule descriptors that ran.

    ``failures`` lists the inputs that could not be checked, ``(source, reason)``: each is an
    error-level ``toolExecutionNotifications`` entry of the run's invocation, whose
    ``executionSuccessful`` is then false.
    """
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for n, (report, text) in enumerate(zip(reports, texts, strict=True)):
        uri = _uri(report.source, n)
        artifacts.append({"location": {"uri": uri}})
        for f in report.findings:
            region: dict[str, Any] = {}
            if f.span is not None:
                sl, sc = _at(text, f.span.start)
                el, ec = _at(text, f.span.end)
                region = {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}
                if f.text:
                    region["snippet"] = {"text": f.text}
            location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri, "index": n}}}
            if region:
                location["physicalLocation"]["region"] = region
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [location],
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            props: dict[str, Any] = {}
            if f.paragraph is not None:
                props["paragraph"] = f.paragraph
            if f.span is not None:
                props["span"] = {"start": f.span.start, "end": f.span.end}
            if f.suggestion:
                props["suggestion"] = f.suggestion
            if props:
                result["properties"] = props
            results.append(result)
    notifications: list[dict[str, Any]] = []
    for source, reason in failures:
        uri = _uri(source, len(artifacts))
        notifications.append({
            "level": "error",
            "message": {"text": f"{source}: {reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "index": len(artifacts)}}}],
        })
        artifacts.append({"location": {"uri": uri}})
    log = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "vanban", "version": version, "rules": list(rules)}},
            "invocations": [{"executionSuccessful": not failures, "toolExecutionNotifications": notifications}],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
