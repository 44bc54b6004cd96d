"""The page at ``/``: drop a document, see its fields, its findings on its text, its citations; download it re-typeset.

Server-rendered HTML in Vietnamese or English (``?lang=en``); a few lines of plain JavaScript only
let a file be dropped on the form. Findings are highlighted on ``Document.text`` by their spans,
citations linked through :func:`vanban.link.annotate.citation_marks` to the store's documents
(``/corpus/<URI>``).
"""


import asyncio
import hashlib
import itertools
import json
import re
from collections import OrderedDict
from html import escape
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from vanban.errors import VanbanError
from vanban.link.annotate import Mark, citation_marks
from vanban.link.corpus import Corpus
from vanban.link.graph import node_info
from vanban.models import Document
from vanban.report import SEVERITY_ORDER, Finding, Report
from vanban.server import jobs
from vanban.server.http import attachment, find_node, read_upload, stem
from vanban.server.settings import Settings
from vanban.server.workers import Workers

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LABELS: dict[str, dict[str, str]] = json.loads(
    resources.files("vanban").joinpath("data").joinpath("page-labels.json").read_text(encoding="utf-8"))
"""The page's words in Vietnamese and English (``vanban/data/page-labels.json``)."""


_STYLE = """
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 0; color: #1d2430; background: #f5f6f8; }
header { background: #8b1a1a; color: #fff; padding: .7em 1.5em; display: flex; justify-content: space-between; }
header a { color: #fff; margin-left: 1em; }
main { max-width: 74em; margin: 1.2em auto; padding: 0 1.5em; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 1em 1.3em; margin-bottom: 1em; }
h1 { font-size: 1.25em; margin: 0; } h2 { font-size: 1.05em; margin: 0 0 .6em; }
.drop { border: 2px dashed #8b1a1a; border-radius: 6px; padding: 2em; text-align: center; background: #fcf7f7; }
.drop.over { background: #f6e3e3; }
button, a.button { background: #8b1a1a; color: #fff; border: 0; border-radius: 4px; padding: .5em 1.1em;
  font-size: 1em; text-decoration: none; display: inline-block; margin: .2em .4em .2em 0; cursor: pointer; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top;
  padding: .3em .5em; border-bottom: 1px solid #eceff2; } th { color: #555; font-weight: 600; }
#fields th { width: 13em; } #findings td:first-child { width: 5em; } #findings td:nth-child(2) { width: 6em; }
.sev { font-size: .85em; padding: .05em .45em; border-radius: 3px; color: #fff; }
.sev.error { background: #c0392b; } .sev.warning { background: #d68910; } .sev.info { background: #2e86c1; }
.doc { font-family: "Times New Roman", serif; font-size: 1.05em; white-space: pre-wrap; line-height: 1.45; }
mark.finding { background: #fde2e1; border-bottom: 2px solid #c0392b; }
mark.finding.warning { background: #fdf0d5; border-bottom-color: #d68910; }
mark.finding.info { background: #e3f0fa; border-bottom-color: #2e86c1; }
a.ref { color: #0b6b3a; text-decoration: none; border-bottom: 2px solid #2a6; }
a.ref.missing { color: #a00; border-bottom: 2px dashed #c33; }
.error-box { background: #fde2e1; border: 1px solid #c0392b; padding: .8em; border-radius: 4px; }
.muted { color: #777; }
"""

_DROP_JS = """
const zone = document.getElementById('drop'), input = document.getElementById('file');
['dragenter', 'dragover'].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.add('over'); }));
['dragleave', 'drop'].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.remove('over'); }));
zone.addEventListener('drop', ev => { input.files = ev.dataTransfer.files; zone.closest('form').submit(); });
"""


def _lang(value: str | None, request: Request) -> str:
    if value in LABELS:
        return value
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "vi"


def _shell(lang: str, body: str, title: str, here: str) -> str:
    t = LABELS[lang]
    other = "en" if lang == "vi" else "vi"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)} — vanban'
            f'</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<header><h1>vanban · {escape(t["title"])}</h1>'
            f'<nav><a href="{escape(here)}?lang={other}">{t["other"]}</a><a href="/docs">{t["api"]}</a></nav></header>\n'
            f"<main>\n{body}\n</main>\n</body>\n</html>\n")


def form_page(lang: str, error: str | None = None) -> str:
    """The upload form (with the error of the last try, if any)."""
    t = LABELS[lang]
    err = f'<p class="error-box" id="error"><b>{t["error"]}:</b> {escape(error)}</p>' if error else ""
    body = (f'<section>{err}<p>{t["lead"]}</p>\n<form method="post" action="/" enctype="multipart/form-data">'
            f'<input type="hidden" name="lang" value="{lang}">\n<div class="drop" id="drop"><label for="file">'
            f'{t["choose"]}</label><br><br><input type="file" id="file" name="file" required></div>\n'
            f'<p><button type="submit" id="submit">{t["submit"]}</button></p></form></section>\n'
            f"<script>{_DROP_JS}</script>")
    return _shell(lang, body, t["title"], "/")


def highlight(text: str, cites: list[Mark], findings: list[Finding]) -> str:
    """``text`` as HTML with the citation marks applied and each finding's span in a ``<mark>``.

    Text is cut at every mark boundary, so marks that overlap each other still nest properly.
    """
    spans = [(i, max(0, f.span.start), min(len(text), max(f.span.end, f.span.start + 1)), f)
             for i, f in enumerate(findings) if f.span is not None and f.span.start < len(text)]
    bounds = sorted({0, len(text)} | {p for m in cites for p in m[:2]} | {p for s in spans for p in s[1:3]})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    out: list[str] = []
    ci = 0
    for a, b in itertools.pairwise(bounds):
        if a >= b:
            continue
        out.extend(f'<span class="anchor" id="f-{i}"></span>' for i, s, _, _ in spans if s == a)
        inner = escape(text[a:b])
        active = [f for _, s, e, f in spans if s <= a and e >= b]
        if active:
            worst = min((f.severity for f in active), key=SEVERITY_ORDER.__getitem__)
            title = "; ".join(f"{f.rule}: {f.message}" for f in active)
            rules = " ".join(dict.fromkeys(f.rule for f in active))
            inner = f'<mark class="finding {worst}" data-rules="{rules}" title="{escape(title)}">{inner}</mark>'
        while ci < len(cites) and cites[ci][1] <= a:
            ci += 1
        if ci < len(cites) and cites[ci][0] <= a:
            start, _, open_tag, close_tag = cites[ci]
            if a != start:
                open_tag = re.sub(r' id="[^"]*"', "", open_tag)
            inner = open_tag + inner + close_tag
        out.append(inner)
    return "".join(out)


def _fields(doc: Document, t: dict[str, str]) -> list[tuple[str, str]]:
    sig = doc.signature
    stamp = doc.incoming_stamp
    rows = [
        ("number", doc.number.canonical if doc.number else None),
        ("type", doc.type.name if doc.type else None),
        ("issuer", " — ".join(x for x in (doc.issuer.parent if doc.issuer else None,
                                          doc.issuer.name if doc.issuer else None) if x) or None),
        ("place_date", ", ".join(x for x in (doc.place, doc.date_text or (doc.date.isoformat() if doc.date else None))
                                 if x) or None),
        ("subject", doc.subject),
        ("signer", ", ".join(x for x in (sig.position, sig.signer) if x) if sig else None),
        ("addressees", "; ".join(doc.addressees) or None),
        ("recipients", "; ".join(doc.recipients) or None),
        ("stamp", f"{stamp.number or ''} {stamp.date_text or ''}".strip() if stamp else None),
        ("system", doc.system),
    ]
    return [(t[k], v) for k, v in rows if v]


def result_page(lang: str, doc: Document, report: Report, cites: list[Mark],
                resolved: list[tuple[str, bool]] | None, token: str) -> str:
    """The page of one checked document."""
    t = LABELS[lang]
    fields = "".join(f'<tr><th>{escape(k)}</th><td data-field="{escape(k)}">{escape(v)}</td></tr>'
                     for k, v in _fields(doc, t))
    findings = list(report.findings)
    rows = []
    for i, f in enumerate(findings):
        where = f'<a href="#f-{i}">{escape(f.text or "")[:80]}</a>' if f.span is not None else escape(f.text or "")
        rows.append(f'<tr class="finding-row" data-rule="{f.rule}"><td><code>{f.rule}</code></td>'
                    f'<td><span class="sev {f.severity}">{t[f.severity + "_sev"]}</span></td>'
                    f"<td>{escape(f.message)}</td><td>{where}</td></tr>")
    summary = t["summary"].format(n=len(findings), e=report.errors)
    table = (f'<table id="findings"><tr><th>{t["rule"]}</th><th>{t["severity"]}</th><th>{t["message"]}</th>'
             f'<th>{t["where"]}</th></tr>{"".join(rows)}</table>') if rows else f"<p>{t['none']}</p>"
    refs = []
    for k, ref in enumerate(doc.references):
        if resolved is None:
            state = f'<span class="muted">{t["no_store"]}</span>'
        else:
            uri, present = resolved[k]
            state = (f'<a href="/corpus{escape(uri)}">{t["in_store"]}</a>' if present
                     else f'<span class="muted">{t["not_in_store"]}</span>')
        refs.append(f'<tr><td><a href="#ref-{k}">{escape(ref.canonical or "")}</a></td>'
                    f"<td>{escape(ref.type or '')}</td><td>{escape(ref.relation or '')}</td><td>{state}</td></tr>")
    cited = f'<table id="cited">{"".join(refs)}</table>' if refs else f"<p>{t['none']}</p>"
    body = (f'<section><h2>{escape(doc.source or "")}</h2>'
            f'<a class="button" id="download-docx" href="/download/{token}/docx">{t["docx"]}</a>'
            f'<a class="button" id="download-edxml" href="/download/{token}/edxml">{t["edxml"]}</a>'
            f'<a class="button" href="/?lang={lang}">{t["again"]}</a></section>\n'
            f'<section><h2>{t["fields"]}</h2><table id="fields">{fields}</table></section>\n'
            f'<section><h2>{t["findings"]} — <span id="summary">{summary}</span></h2>{table}</section>\n'
            f'<section><h2>{t["cited"]}</h2>{cited}</section>\n'
            f'<section><h2>{t["text"]}</h2><div class="doc" id="text">{highlight(doc.text, cites, findings)}'
            f"</div></section>")
    title = doc.number.canonical if doc.number else (doc.source or t["title"])
    return _shell(lang, body, title, "/")


def page_routes(settings: Settings, workers: Workers) -> APIRouter:
    """The page's routes: ``/`` (form and result), ``/download/...`` and ``/corpus/<URI>``."""
    router = APIRouter(include_in_schema=False)
    cache: OrderedDict[str, tuple[bytes, str | None]] = OrderedDict()

    def remember(data: bytes, name: str | None) -> str:
        token = hashlib.sha256(data).hexdigest()[:32]
        cache[token] = (data, name)
        cache.move_to_end(token)
        while len(cache) > settings.page_cache:
            cache.popitem(last=False)
        return token

    @router.get("/", response_class=HTMLResponse)
    async def form(request: Request, lang: str | None = None) -> HTMLResponse:
        return HTMLResponse(form_page(_lang(lang, request)))

    @router.post("/", response_class=HTMLResponse)
    async def check(request: Request) -> HTMLResponse:
        form_data = await request.form(max_files=4, max_fields=8)
        lang_field = form_data.get("lang")
        lang = _lang(lang_field if isinstance(lang_field, str) else None, request)
        try:
            up = await read_upload(request)
            doc, report = await workers.run(jobs.page_job, up.data, up.name, lang)
        except VanbanError as e:
            return HTMLResponse(form_page(lang, str(e)), status_code=422)
        except HTTPException as e:
            return HTMLResponse(form_page(lang, str(e.detail)), status_code=e.status_code)
        token = remember(up.data, up.name)

        def links() -> tuple[list[Mark], list[tuple[str, bool]] | None]:
            if not settings.db:
                return citation_marks(doc), None
            with Corpus(settings.db) as corpus:
                marks = citation_marks(doc, corpus, href=lambda uri: "/corpus" + uri)
                found = [corpus.resolve_reference(r, citing=doc)[:2] for r in doc.references]
            return marks, found

        cites, resolved = await asyncio.to_thread(links)
        return HTMLResponse(result_page(lang, doc, report, cites, resolved, token))

    @router.get("/download/{token}/{kind}")
    async def download(token: str, kind: str) -> Response:
        if token not in cache or kind not in ("docx", "edxml"):
            raise HTTPException(404, "no such download (the server keeps the last documents only); upload it again")
        data, name = cache[token]
        base = stem(name)
        if kind == "docx":
            out, _ = await workers.run(jobs.format_job, data, name, None, {}, {}, f"{base}.docx")
            media, filename = DOCX, f"{base}.docx"
        else:
            out = await workers.run(jobs.edxml_job, data, name, [])
            media, filename = "application/xml", f"{base}.edxml"
        return attachment(out, media, filename)

    @router.get("/corpus/{key:path}", response_class=HTMLResponse)
    async def corpus_page(request: Request, key: str, lang: str | None = None) -> HTMLResponse:
        if not settings.db:
            raise HTTPException(404, "no store configured: start the server with --db PATH")
        db = settings.db

        def query() -> dict[str, Any]:
            with Corpus(db) as corpus:
                uri = find_node(corpus, key)
                return {"node": node_info(corpus, uri), "cites": corpus.cites(uri), "cited_by": corpus.cited_by(uri),
                        "chain": corpus.chain(uri)}

        try:
            info = await asyncio.to_thread(query)
        except VanbanError as e:
            raise HTTPException(404, str(e)) from None
        t = LABELS[_lang(lang, request)]
        node = info["node"]

        def link(uri: str) -> str:
            return f'<a href="/corpus{escape(uri)}">{escape(uri)}</a>'

        body = (f"<section><h2>{escape(node.type or '')} {escape(node.canonical or '')}</h2>"
                f"<p><code>{escape(node.id)}</code> — {t['in_store'] if node.present else t['not_in_store']}</p>"
                f"<h2>{t['chain']}</h2><p>{' → '.join(link(n.id) for n in info['chain']) or t['none']}</p>"
                f"<h2>{t['citations']}</h2><ul>{''.join(f'<li>{escape(e.relation)} {link(e.target)}</li>' for e in info['cites']) or t['none']}</ul>"
                f"<h2>{t['citers']}</h2><ul>{''.join(f'<li>{escape(e.relation)} {link(e.source)}</li>' for e in info['cited_by']) or t['none']}</ul>"
                "</section>")
        return HTMLResponse(_shell(_lang(lang, request), body, node.canonical or node.id, f"/corpus{node.id}"))

    return router
