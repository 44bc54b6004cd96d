"""The citation graph over a :class:`~vanban.link.corpus.Corpus`: queries and exports.

Nodes are documents named by their URI (:mod:`vanban.link.identity`): ``present`` ones come from a
file of the corpus, placeholders are cited but absent. Files that carry the same document share
one node (the URI names the work, not the file). An edge ``source -> target`` says what the
source does to the target (``implements``, ``responds_to``, ``based_on``, ...); besides the
citations themselves, a document's statements about two documents it cites become edges
between those two (``Kế hoạch 81-KH/TU ... thực hiện Chỉ thị 07-CT/TW``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal, Protocol
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, ConfigDict

from vanban.errors import InputError
from vanban.link.identity import URI_PREFIX
from vanban.link.resolve import number_key
from vanban.store import Connection


class Store(Protocol):
    """What the queries need of a :class:`~vanban.link.corpus.Corpus`: its open store."""

    @property
    def conn(self) -> Connection: ...

MAX_CHAIN = 32


class Node(BaseModel):
    """A document of the graph: ``present`` when a file of the corpus holds it, else a placeholder."""

    model_config = ConfigDict(frozen=True)

    id: str
    canonical: str | None = None
    type: str | None = None
    issuer: str | None = None
    date: str | None = None
    present: bool
    source: str | None = None


EdgeKind = Literal["citation", "statement"]
"""``citation``: the source document itself cites the target; ``statement``: a third document
(``stated_in``) says that the source does something to the target (``Kế hoạch 81-KH/TU ... thực
hiện Chỉ thị 07-CT/TW`` in a report makes the edge 81-KH/TU -> 07-CT/TW), which holds even when
the source is absent from the corpus."""


class Edge(BaseModel):
    """``source`` does ``relation`` to ``target``, with the resolver's ``confidence`` and ``reason``.

    ``kind`` says where the edge comes from (:data:`EdgeKind`); ``stated_in`` names the document
    that states it when ``kind`` is ``statement``.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    relation: str
    confidence: float
    reason: str
    kind: EdgeKind = "citation"
    stated_in: str | None = None


class Graph(BaseModel):
    """The JSON export: every node and every edge."""

    model_config = ConfigDict(frozen=True)

    nodes: list[Node]
    edges: list[Edge]


# --- nodes -------------------------------------------------------------------------------------------

def find_node(corpus: Store, key: str) -> str:
    """The URI named by ``key``: a URI, the path of a stored file, or a number such as ``81-KH/TU``."""
    c = corpus.conn
    key = key.strip()
    if key.startswith(URI_PREFIX):
        hit = c.execute("SELECT uri FROM corpus_documents WHERE uri=? UNION SELECT node FROM corpus_links "
                        "WHERE node=? LIMIT 1", (key, key)).fetchone()
        if hit:
            return str(hit[0])
        raise InputError(f"{key}: no such document in the corpus")
    path = Path(key)
    if path.exists():
        row = c.execute("SELECT uri FROM corpus_documents WHERE source=?", (str(path.resolve()),)).fetchone()
        if row:
            return str(row[0])
    nkey = number_key(key)
    row = c.execute("SELECT uri FROM corpus_documents WHERE nkey=? ORDER BY date DESC LIMIT 1", (nkey,)).fetchone()
    if row:
        return str(row[0])
    row = c.execute("SELECT l.node, COUNT(*) n FROM corpus_refs r JOIN corpus_links l ON l.ref_id = r.id "
                    "WHERE r.nkey=? GROUP BY l.node ORDER BY n DESC LIMIT 1", (nkey,)).fetchone()
    if row:
        return str(row[0])
    raise InputError(f"{key}: no such document in the corpus")


def node_info(corpus: Store, uri: str) -> Node:
    """The node ``uri`` with what the corpus knows of it."""
    c = corpus.conn
    row = c.execute("SELECT canonical, type, issuer, date, source FROM corpus_documents WHERE uri=? "
                    "ORDER BY id LIMIT 1", (uri,)).fetchone()
    if row:
        return Node(id=uri, canonical=row[0], type=row[1], issuer=row[2], date=row[3], present=True, source=row[4])
    row = c.execute("SELECT MIN(r.canonical), MIN(r.type), MIN(r.issuer), MAX(COALESCE(r.date, '')) FROM corpus_links l "
                    "JOIN corpus_refs r ON r.id = l.ref_id WHERE l.node=?", (uri,)).fetchone()
    if row and row[0]:
        return Node(id=uri, canonical=row[0], type=row[1], issuer=row[2], date=row[3] or None, present=False)
    raise InputError(f"{uri}: no such document in the corpus")


# --- edges -------------------------------------------------------------------------------------------

_CITE = ("SELECT d.uri, l.node, r.relation, l.confidence, l.reason FROM corpus_refs r "
         "JOIN corpus_documents d ON d.id = r.doc_id JOIN corpus_links l ON l.ref_id = r.id")
_STATED = ("SELECT ls.node, ld.node, e.relation, e.confidence, ls.confidence, ld.confidence, e.reason, d.uri "
           "FROM corpus_ref_edges e JOIN corpus_links ls ON ls.ref_id = e.src_ref "
           "JOIN corpus_links ld ON ld.ref_id = e.dst_ref JOIN corpus_documents d ON d.id = e.doc_id")


def _edges(rows: Iterable[tuple[str, str, str, float, str]],
           stated: Iterable[tuple[str, str, str, float, float, float, str, str]]) -> list[Edge]:
    best: dict[tuple[str, str, str], Edge] = {}
    for s, t, rel, conf, why in rows:
        _keep(best, Edge(source=s, target=t, relation=rel, confidence=round(conf, 3), reason=why))
    for s, t, rel, c_edge, c_src, c_dst, why, where in stated:
        conf = min(c_edge, c_src, c_dst)
        if s != t:
            _keep(best, Edge(source=s, target=t, relation=rel, confidence=round(conf, 3), reason=why,
                             kind="statement", stated_in=where))
    return list(best.values())


def _keep(best: dict[tuple[str, str, str], Edge], e: Edge) -> None:
    k = (e.source, e.target, e.relation)
    old = best.get(k)
    if old is None or (e.confidence, old.reason) > (old.confidence, e.reason):
        best[k] = e  # strongest first, then the smaller reason: the same graph whatever the add order


def cites(corpus: Store, uri: str) -> list[Edge]:
    """Edges out of ``uri``: its own citations and what other documents say it does."""
    c = corpus.conn
    return _edges(c.execute(_CITE + " WHERE d.uri=? ORDER BY r.doc_id, r.ordinal", (uri,)),
                  c.execute(_STATED + " WHERE ls.node=?", (uri,)))


def cited_by(corpus: Store, uri: str) -> list[Edge]:
    """Edges into ``uri``: the documents citing it, and statements naming it."""
    c = corpus.conn
    return _edges(c.execute(_CITE + " WHERE l.node=? ORDER BY d.uri", (uri,)),
                  c.execute(_STATED + " WHERE ld.node=?", (uri,)))


def chain(corpus: Store, uri: str) -> list[Node]:
    """The longest ``implements`` path from ``uri`` up to a root, printed root first.

    For the seed report 85-BC/BTGTU: Chỉ thị 07-CT/TW -> Hướng dẫn 31-HD/BTGTW -> Kế hoạch
    81-KH/TU -> Báo cáo 85-BC/BTGTU.
    """
    memo: dict[str, list[str]] = {}

    def longest(node: str, seen: frozenset[str]) -> list[str]:
        if node in memo:
            return memo[node]
        best: list[str] = []
        if len(seen) < MAX_CHAIN:
            targets = sorted({e.target for e in cites(corpus, node) if e.relation == "implements"})
            for t in targets:
                if t in seen:
                    continue
                path = longest(t, seen | {t})
                if len(path) + 1 > len(best):
                    best = [t, *path]
        memo[node] = best
        return best

    path = longest(uri, frozenset({uri}))
    return [node_info(corpus, u) for u in reversed([uri, *path])]


def responses(corpus: Store, uri: str) -> list[Node]:
    """The documents that answer ``uri`` (they cite it as ``responds_to``: theo yêu cầu, phúc đáp)."""
    sources = sorted({e.source for e in cited_by(corpus, uri) if e.relation == "responds_to"})
    return [node_info(corpus, s) for s in sources]


def missing(corpus: Store, limit: int | None = None) -> list[tuple[Node, int]]:
    """Cited documents absent from the corpus, most cited first."""
    sql = ("SELECT l.node, COUNT(*) n, MIN(r.canonical), MIN(r.type), MIN(r.issuer), MAX(COALESCE(r.date, '')) "
           "FROM corpus_links l JOIN corpus_refs r ON r.id = l.ref_id WHERE l.doc_id IS NULL "
           "GROUP BY l.node ORDER BY n DESC, l.node")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [(Node(id=u, canonical=can, type=ty, issuer=iss, date=d or None, present=False), n)
            for u, n, can, ty, iss, d in corpus.conn.execute(sql)]


def most_cited(corpus: Store, n: int = 10) -> list[tuple[Node, int]]:
    """The ``n`` documents cited by the most citations, present or absent, with their counts."""
    rows = corpus.conn.execute(
        "SELECT l.node, COUNT(*) k FROM corpus_links l GROUP BY l.node ORDER BY k DESC, l.node LIMIT ?",
        (max(0, int(n)),)).fetchall()
    return [(node_info(corpus, uri), k) for uri, k in rows]


# --- the whole graph ----------------------------------------------------------------------------------

def iter_nodes(corpus: Store) -> Iterator[Node]:
    """Every node: present documents (one per URI), then placeholders."""
    c = corpus.conn
    for uri, can, ty, iss, d, src in c.execute(
            "SELECT uri, canonical, type, issuer, date, source FROM corpus_documents "
            "WHERE id IN (SELECT MIN(id) FROM corpus_documents GROUP BY uri) ORDER BY uri"):
        yield Node(id=uri, canonical=can, type=ty, issuer=iss, date=d, present=True, source=src)
    for node, _ in missing(corpus):
        yield node


def iter_edges(corpus: Store) -> list[Edge]:
    """Every edge (citations and stated relations), strongest per (source, target, relation)."""
    c = corpus.conn
    return _edges(c.execute(_CITE + " ORDER BY r.doc_id, r.ordinal"), c.execute(_STATED))


def whole_graph(corpus: Store) -> Graph:
    """The graph as one object (the JSON export)."""
    return Graph(nodes=list(iter_nodes(corpus)), edges=iter_edges(corpus))


def to_json(graph: Graph) -> str:
    """``{"nodes": [...], "edges": [...]}`` as pretty-printed JSON."""
    return json.dumps(graph.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_graphml(graph: Graph) -> str:
    """The graph as GraphML (node and edge attributes as typed keys)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    node_keys = [("canonical", "string"), ("type", "string"), ("issuer", "string"), ("date", "string"),
                 ("present", "boolean"), ("source", "string")]
    edge_keys = [("relation", "string"), ("confidence", "double"), ("reason", "string"), ("kind", "string"),
                 ("stated_in", "string")]
    for name, ty in node_keys:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{ty}"/>')
    for name, ty in edge_keys:
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{ty}"/>')
    out.append('  <graph id="vanban" edgedefault="directed">')
    for n in graph.nodes:
        out.append(f"    <node id={quoteattr(n.id)}>")
        for name, _ in node_keys:
            v = getattr(n, name)
            if v is not None:
                text = str(v).lower() if isinstance(v, bool) else str(v)
                out.append(f'      <data key="n_{name}">{escape(text)}</data>')
        out.append("    </node>")
    for i, e in enumerate(graph.edges):
        out.append(f'    <edge id="e{i}" source={quoteattr(e.source)} target={quoteattr(e.target)}>')
        for name, _ in edge_keys:
            value = getattr(e, name)
            if value is not None:
                out.append(f'      <data key="e_{name}">{escape(str(value))}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def _dot(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(graph: Graph) -> str:
    """The graph in Graphviz DOT; placeholders are dashed."""
    out = ["digraph vanban {", "  node [shape=box];"]
    for n in graph.nodes:
        label = f"{n.type or ''} {n.canonical or n.id}".strip()
        style = "" if n.present else ", style=dashed"
        out.append(f"  {_dot(n.id)} [label={_dot(label)}{style}];")
    for e in graph.edges:
        style = ", style=dotted" if e.kind == "statement" else ""
        out.append(f"  {_dot(e.source)} -> {_dot(e.target)} [label={_dot(e.relation)}{style}];")
    out += ["}", ""]
    return "\n".join(out)


EXPORTERS = {"json": to_json, "graphml": to_graphml, "dot": to_dot}
"""Export format name -> writer."""
