"""``vanban serve [--host H] [--port P] [--db PATH] [--workers N]``: the HTTP API and the page (extra ``server``)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from vanban.errors import VanbanError

_EXTRA_MODULES = {"fastapi", "uvicorn", "starlette", "multipart", "python_multipart"}


def _run(args: argparse.Namespace) -> int:
    try:
        from vanban.server import Settings, serve
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] in _EXTRA_MODULES:
            raise VanbanError(f"`vanban serve` needs the server extra (missing {e.name}): "
                              "pip install 'vanban[server]'") from None
        raise
    if args.workers < 0:
        raise VanbanError("--workers must be 0 (threads) or more")
    settings = Settings(db=args.db, workers=args.workers, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
                        timeout_s=args.timeout, api_key=args.api_key or os.environ.get("VANBAN_API_KEY") or None,
                        cors_origins=tuple(args.cors_origin or ()))
    serve(settings, host=args.host, port=args.port)
    return 0


def register(sub: Any) -> None:
    """Add the ``serve`` command."""
    p = sub.add_parser("serve")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--db", default=None, metavar="PATH",
                   help="SQLite store for the corpus and register endpoints (none: those answer 404)")
    p.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)), metavar="N",
                   help="processes doing the parsing and rendering (0: threads of the server process)")
    p.add_argument("--max-upload-mb", type=float, default=25.0, metavar="MB", help="largest request body (413 above)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="time limit of one request's work")
    p.add_argument("--api-key", default=None, help="key the write endpoints need in X-API-Key "
                                                   "(default: $VANBAN_API_KEY; none: open)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN", help="allow this origin (repeatable; "
                                                                            "default: CORS off)")
    p.set_defaults(func=_run)
