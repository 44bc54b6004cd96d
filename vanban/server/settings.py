"""The settings of one server: store, worker processes, limits, API key, CORS."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_UPLOAD = 25 * 1024 * 1024
"""Largest request body accepted by default (bytes); larger ones get 413."""


@dataclass(frozen=True)
class Settings:
    """How a server runs.

    ``db``: the SQLite store of the corpus and the registers (``None``: corpus and register
    endpoints answer 404); ``workers``: processes doing the CPU-bound work (0: threads of the server
    process); ``timeout_s``: time limit of one request's work; ``api_key``: when set, write
    endpoints need it in the ``X-API-Key`` header; ``cors_origins``: origins allowed by CORS
    (none: CORS off).
    """

    db: str | None = None
    workers: int = 1
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    timeout_s: float = 60.0
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    page_cache: int = 32
