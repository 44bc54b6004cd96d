"""HTTP service: the library's verbs as versioned JSON endpoints and a page to check a document.

``create_app(Settings(...))`` builds the FastAPI application and ``serve`` runs it on Uvicorn
(``vanban serve``). Endpoints return what the library returns: the same JSON as ``vanban parse``,
the same reports as ``vanban check``. Needs the ``server`` extra: ``pip install 'vanban[server]'``.
"""

from __future__ import annotations

from vanban.server.app import create_app
from vanban.server.run import serve
from vanban.server.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
