"""Running the application on Uvicorn (``vanban serve``)."""

from __future__ import annotations

import uvicorn

from vanban.server.app import create_app
from vanban.server.middleware import log_to_stderr
from vanban.server.settings import Settings


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API and the page on ``host:port`` until interrupted; access log on stderr (JSON lines)."""
    log_to_stderr()
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="info",
                timeout_graceful_shutdown=5)
