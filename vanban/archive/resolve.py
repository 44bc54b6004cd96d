"""Resolution on the cluster: the linker's three steps as Dask dataframe joins on the identity keys.

The single-process linker (:func:`vanban.link.corpus.Corpus.resolve`) asks the store, for each
citation, the documents sharing its number key (filtered by year, date, term, issue date and
place, latest 20 first), else those sharing its OCR-tolerant key, else the documents of its two
fuzzy blocks (same type, serial and year; same symbol and day) whose OCR key is at least 85 %
alike, and lets :func:`vanban.link.resolve.decide` choose. Here the same candidates come from one
distributed join of the ``references`` and ``documents`` tables on the four keys at once (each
row exploded into ``n:``, ``o:``, ``b:`` and ``d:`` keys); block pairs below the fuzzy cut-off are
dropped where the join lands, the rest is shuffled by citing document so all candidates of a
citation meet in one partition, and ``decide`` picks exactly as the store's resolver does. The
result is the ``edges`` table: one row per citation resolved to a document of the batch.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from vanban.archive.tables import TABLES, arrow_schema
from vanban.link.resolve import (
    FUZZY_CUTOFF,
    YEARLESS_FORMS,
    Candidate,
    Cited,
    decide,
    near_keys,
    place_of,
)

MAX_EXACT = 20
"""Documents sharing one key looked at, latest first (as the store's resolver)."""
KINDS = (("n", "nkey"), ("o", "okey"), ("b", "block"), ("d", "dkey"))
"""Join key prefix -> the column it joins: exact number, OCR key, the two fuzzy blocks."""
REF_COLUMNS = ("source", "document_id", "source_uri", "source_date", "ordinal", "canonical", "nkey", "okey",
               "block", "dkey", "type", "issuer_key", "form", "date", "year", "term", "subject", "relation")
DOC_COLUMNS = ("id", "source", "uri", "nkey", "okey", "block", "dkey", "type", "issuer_key", "date", "year",
               "term", "subject")


def _explode(pdf: Any, prefix: str, kinds: tuple[tuple[str, str], ...]) -> Any:
    """One row per (row, key kind) with a ``jkey`` column ``n:<nkey>`` ...; ``prefix`` renames the columns."""
    pd: Any = importlib.import_module("pandas")  # untyped: used through Any
    parts = []
    for kind, col in kinds:
        part = pdf[pdf[col].notna()]
        part = part.assign(jkey=kind + ":" + part[col].astype(str), kind=kind)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out.rename(columns={c: prefix + c for c in out.columns}) if prefix else out


def _near(pdf: Any) -> Any:
    """Drop the fuzzy-block pairs whose OCR keys are less alike than the cut-off (where the join landed)."""
    if pdf.empty:
        return pdf
    score = process.cpdist(pdf["okey"].tolist(), pdf["c_okey"].tolist(), scorer=fuzz.ratio)
    return pdf[score >= FUZZY_CUTOFF - 0.01]  # float32 scores; near_keys applies the exact cut-off


def _none(v: Any) -> Any:
    """``None`` for a missing value (pandas gives NaN/NA)."""
    try:
        return None if v is None or v != v else v  # NaN != NaN
    except TypeError:  # pd.NA
        return None


def _int(v: Any) -> int | None:
    v = _none(v)
    return None if v is None else int(v)


def _admits(ref: Cited, place: str | None, c: Candidate, c_place: str | None) -> bool:
    """The store resolver's SQL filters on a candidate sharing the citation's number or OCR key."""
    yearless = ref.form in YEARLESS_FORMS
    if yearless and ref.year is not None and c.year != ref.year:
        return False
    if yearless and ref.date is not None and c.date != ref.date:
        return False
    if ref.term is not None and c.term is not None and c.term != ref.term:
        return False
    if ref.citing_date is not None and c.date is not None and c.date > ref.citing_date:
        return False
    return not (place is not None and c_place is not None
                and not (c_place.startswith(place) or place.startswith(c_place)))


def _latest(pool: Iterable[Candidate]) -> list[Candidate]:
    """``ORDER BY date DESC NULLS LAST, id LIMIT 20``: the store resolver's order of candidates."""
    by_id = sorted(pool, key=lambda c: c.id)
    return sorted(by_id, key=lambda c: (c.date is not None, c.date or ""), reverse=True)[:MAX_EXACT]


def resolve_rows(rows: Iterable[dict[str, Any]], stage: str) -> list[dict[str, Any]]:
    """Decide the citations of joined (citation, candidate) rows; all candidates of a citation must be among them.

    ``stage`` ``"keys"``: the rows hold the exact and OCR-key candidates; a citation is settled
    (a row is returned, ``target_uri`` empty when no document fits) when either pool keeps a
    candidate after the store's filters, as the store's resolver stops there. ``"fuzzy"``: the
    rows hold the fuzzy-block candidates of unsettled citations; only resolved ones are returned.
    """
    by_ref: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in rows:
        by_ref.setdefault((int(r["document_id"]), int(r["ordinal"])), []).append(r)
    out = []
    for (doc_id, _), group in sorted(by_ref.items()):
        r = group[0]
        ref = Cited(0, r["canonical"], r["nkey"], r["okey"], _none(r["block"]), _none(r["dkey"]), _none(r["form"]),
                    _int(r["year"]), _none(r["term"]), _none(r["date"]), _none(r["issuer_key"]) or "",
                    _none(r["subject"]) or "", _none(r["source_date"]), doc_id, _none(r["type"]) or "")
        place = place_of(ref.issuer)
        pools: dict[str, dict[int, tuple[Candidate, str | None]]] = {k: {} for k, _ in KINDS}
        for g in group:
            c = Candidate(int(g["c_id"]), g["c_uri"], _none(g["c_okey"]) or "", _int(g["c_year"]), _none(g["c_term"]),
                          _none(g["c_date"]), _none(g["c_issuer_key"]) or "", _none(g["c_subject"]) or "",
                          _none(g["c_type"]) or "")
            pools[g["kind"]][c.id] = (c, _none(g["c_source"]))
        sources = {c.id: s for pool in pools.values() for c, s in pool.values()}
        exact: list[Candidate] = []
        ocr: list[Candidate] = []
        fuzzy: list[Candidate] = []
        if stage == "keys":
            exact = _latest(c for c, _ in pools["n"].values() if _admits(ref, place, c, place_of(c.issuer)))
            if not exact:
                ocr = _latest(c for c, _ in pools["o"].values() if _admits(ref, place, c, place_of(c.issuer)))
            if not exact and not ocr:
                continue  # not settled: the fuzzy stage looks at its blocks
        else:
            block = {i: pools["b"][i][0] for i in sorted(pools["b"])}
            block.update({i: pools["d"][i][0] for i in sorted(pools["d"]) if i not in block})
            hits = set(near_keys(ref.okey, {i: c.okey for i, c in block.items()}))
            fuzzy = [block[i] for i in sorted(hits)]
        cand, conf, why = decide(ref, exact, ocr, fuzzy)
        if cand is not None or stage == "keys":
            out.append({"source": r["source"], "document_id": doc_id, "ordinal": int(r["ordinal"]),
                        "source_uri": r["source_uri"], "target_uri": cand.uri if cand else None,
                        "target_source": sources[cand.id] if cand else None, "relation": r["relation"],
                        "nkey": r["nkey"], "confidence": conf, "reason": why})
    return out


def _decide(pdf: Any, stage: str) -> Any:
    """Partition function: the decisions of the citations whose candidates this partition holds."""
    import pyarrow as pa

    rows = pa.Table.from_pandas(pdf, preserve_index=False).to_pylist() if len(pdf) else []
    return pa.Table.from_pylist(resolve_rows(rows, stage), schema=_decided_schema()).to_pandas()


@cache
def _decided_schema() -> Any:
    """The edges columns, all nullable, with the citing document's id (the rows of a stage)."""
    import pyarrow as pa

    edges = arrow_schema("edges")
    fields = [edges.field(n).with_nullable(True) for n in edges.names]
    return pa.schema([fields[0], pa.field("document_id", pa.int64()), *fields[1:]])


def _pairs(left: Any, right: Any, kinds: tuple[tuple[str, str], ...]) -> Any:
    """The (citation, candidate) rows sharing a key of ``kinds``, shuffled so a citation's rows meet."""
    lx = left.map_partitions(_explode, "", kinds, meta=_explode(left._meta, "", kinds))
    rx = right.map_partitions(_explode, "c_", kinds, meta=_explode(right._meta, "c_", kinds)).drop(columns=["c_kind"])
    return lx.merge(rx, left_on="jkey", right_on="c_jkey", how="inner")


def resolve_edges(out: str) -> int:
    """Resolve every citation of the batch at ``out`` on the cluster; writes ``edges``, returns its rows.

    Two stages as the store's resolver: the exact and OCR-tolerant keys for every citation, then
    the fuzzy blocks only for the citations neither settled (joined back by an anti-join), so a
    large block is never paired with citations an exact number already answers.
    """
    dd: Any = importlib.import_module("dask.dataframe")  # untyped: used through Any
    meta = _decided_schema().empty_table().to_pandas()
    refs = dd.read_parquet(f"{out}/references", columns=list(REF_COLUMNS))
    docs = dd.read_parquet(f"{out}/documents", columns=list(DOC_COLUMNS)).dropna(subset=["nkey"])
    keyed = _pairs(refs, docs, KINDS[:2]).shuffle(on="document_id")
    settled = keyed.map_partitions(_decide, "keys", meta=meta)
    open_ = refs[refs["block"].notnull() | refs["dkey"].notnull()]
    done = settled[["document_id", "ordinal"]].assign(settled=True)
    open_ = open_.merge(done, on=["document_id", "ordinal"], how="left")
    open_ = open_[open_["settled"].isna()].drop(columns=["settled"])
    near = _pairs(open_, docs, KINDS[2:]).map_partitions(_near).shuffle(on="document_id")
    fuzzy = near.map_partitions(_decide, "fuzzy", meta=meta)
    edges = dd.concat([settled[settled["target_uri"].notnull()], fuzzy])
    edges = edges[[c.name for c in TABLES["edges"]]]
    edges.to_parquet(f"{out}/edges", schema=arrow_schema("edges"), write_index=False, overwrite=True)
    return count_rows(f"{out}/edges")
def count_rows(path: str) -> int:
    """Rows of the Parquet files under ``path`` (from their footers)."""
    import fsspec
    import pyarrow.dataset as ds

    fs, root = fsspec.core.url_to_fs(path)
    return int(ds.dataset(root, filesystem=fs, format="parquet").count_rows())
