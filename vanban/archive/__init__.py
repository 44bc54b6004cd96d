"""Whole archives on a Dask cluster: parse and check files on the workers, write Parquet tables.

``run_batch(paths, out)`` (and ``vanban batch``) needs the ``vanban[dask]`` extra;
``load_parquet(out, db)`` (``vanban link load``) puts its tables into a corpus store; the table
schemas and the ``Document`` <-> Arrow row conversion are in :mod:`vanban.archive.tables`.
"""

from __future__ import annotations

from vanban.archive.load import LoadReport, load_parquet
from vanban.archive.run import BatchReport, run_batch
from vanban.archive.tables import TABLES, document_from_row, document_rows

__all__ = ["TABLES", "BatchReport", "LoadReport", "document_from_row", "document_rows", "load_parquet", "run_batch"]
