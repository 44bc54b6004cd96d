"""``vanban link add|load|show|missing|export|resolve``: the corpus index and its citation graph."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vanban.cli.inputs import add_inputs, exit_code
from vanban.errors import InputError
from vanban.link.corpus import Corpus
from vanban.link.graph import EXPORTERS, Node, node_info
from vanban.store import DEFAULT_DB, is_url


def _add(args: argparse.Namespace) -> int:
    with Corpus(args.db) as corpus:
        report = corpus.add(args.paths, jobs=args.jobs, progress=not args.quiet)
    for path, message in report.failed:
        print(f"{path}: {message}", file=sys.stderr)
    if not args.quiet:
        print(report)
    return exit_code(len(report.failed))


def _existing(db: str) -> Corpus:
    """The corpus at ``db`` for a command that only reads: an absent store is an error, never created."""
    if db != ":memory:" and not is_url(db) and not Path(db).is_file():
        raise InputError(f"{db}: no corpus store here (create one with `vanban link add --db {db} PATH...`)")
    return Corpus(db)


def _label(node: Node) -> str:
    """``Chỉ thị 07-CT/TW`` (type and number), the URI when the number is not known."""
    name = " ".join(x for x in (node.type, node.canonical) if x)
    return name or node.id


def _show(args: argparse.Namespace) -> int:
    with _existing(args.db) as corpus:
        corpus.resolve()
        uri = corpus.node(args.doc)
        node = node_info(corpus, uri)
        out: dict[str, Any] = {
            "node": node.model_dump(mode="json"),
            "cites": [e.model_dump(mode="json") for e in corpus.cites(uri)],
            "cited_by": [e.model_dump(mode="json") for e in corpus.cited_by(uri)],
            "chain": [n.id for n in corpus.chain(uri)],
            "responses": [n.id for n in corpus.responses(uri)],
            "short_mentions": [s.model_dump(mode="json") for s in corpus.short_mentions(uri)] if node.present else [],
        }
        labels = {n: _label(node_info(corpus, n)) for n in {
            *(e["target"] for e in out["cites"]), *(e["source"] for e in out["cited_by"]),
            *(e["stated_in"] for e in out["cites"] + out["cited_by"] if e["stated_in"]),
            *out["chain"], *out["responses"]}}
    if args.format == "json":
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{_label(node)}" + ("" if node.present else "  (cited, not in corpus)"))
    print(f"  uri: {node.id}")
    if node.source:
        print(f"  source: {node.source}")
    if len(out["chain"]) > 1:
        print("  chain: " + " → ".join(labels[u] for u in out["chain"]))

    def via(e: dict[str, Any]) -> str:
        return f" (stated in {labels[e['stated_in']]})" if e["kind"] == "statement" else ""

    for e in out["cites"]:
        print(f"  → {e['relation']:<12} {labels[e['target']]}  [{e['confidence']:.2f}] {e['reason']}{via(e)}")
    for e in out["cited_by"]:
        print(f"  ← {e['relation']:<12} {labels[e['source']]}  [{e['confidence']:.2f}] {e['reason']}{via(e)}")
    for uri_ in out["responses"]:
        print(f"  answered by {labels[uri_]}")
    return 0


def _missing(args: argparse.Namespace) -> int:
    with _existing(args.db) as corpus:
        corpus.resolve()
        rows = corpus.most_cited(args.limit or 20) if args.verb == "top" else corpus.missing(args.limit)
    if args.format == "json":
        data = [{**n.model_dump(mode="json"), "cited": k} for n, k in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    for node, count in rows:
        print(f"{count:6d}  {_label(node):<36} {node.id}")
    return 0


def _export(args: argparse.Namespace) -> int:
    with _existing(args.db) as corpus:
        corpus.resolve()
        text = EXPORTERS[args.format](corpus.graph())
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _resolve(args: argparse.Namespace) -> int:
    with _existing(args.db) as corpus:
        n = corpus.resolve(full=args.all)
        stats = corpus.stats()
    print(f"resolved={n} " + " ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


def _load(args: argparse.Namespace) -> int:
    from vanban.archive.load import load_parquet  # needs pyarrow and fsspec (the vanban[dask] extra)

    report = load_parquet(args.dir, args.db)
    if not args.quiet:
        print(report)
    return 0


def register(sub: Any) -> None:
    """Add the ``link`` command and its sub-commands."""
    p = sub.add_parser("link")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, help_: str) -> argparse.ArgumentParser:
        v: argparse.ArgumentParser = verbs.add_parser(name, help=help_)
        v.add_argument("--db", default=DEFAULT_DB, help=f"corpus store: a SQLite file (default ./{DEFAULT_DB}) or a postgresql:// URL")
        return v

    a = verb("add", "add files or folders (unchanged files are skipped)")
    add_inputs(a)
    a.add_argument("--jobs", type=int, default=1, metavar="N", help="parse in N processes")
    a.add_argument("--quiet", action="store_true", help="no progress and no summary")
    a.set_defaults(func=_add)
    s = verb("show", "a document's citations, citers, chain and responses")
    s.add_argument("doc", metavar="DOC", help="URI, stored file path or number (81-KH/TU)")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=_show)
    m = verb("missing", "documents cited but not in the corpus, most cited first")
    m.add_argument("--limit", type=int, default=None)
    m.add_argument("--format", choices=("text", "json"), default="text")
    m.set_defaults(func=_missing)
    t = verb("top", "the most cited documents, present or absent")
    t.add_argument("--limit", type=int, default=20)
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.set_defaults(func=_missing)
    e = verb("export", "the whole graph as JSON, GraphML or DOT")
    e.add_argument("--format", choices=tuple(EXPORTERS), default="json")
    e.add_argument("-o", "--output", default=None, metavar="FILE")
    e.set_defaults(func=_export)
    ld = verb("load", "load the Parquet tables of `vanban batch --out DIR` (documents and resolved edges)")
    ld.add_argument("dir", metavar="DIR", help="the --out folder (or fsspec URL) of vanban batch")
    ld.add_argument("--quiet", action="store_true", help="no summary")
    ld.set_defaults(func=_load)
    r = verb("resolve", "resolve citations not yet linked")
    r.add_argument("--all", action="store_true", help="re-examine citations left unresolved too")
    r.set_defaults(func=_resolve)
