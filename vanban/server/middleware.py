"""ASGI middleware of the server: the request body limit and the structured access log."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("vanban.access")
"""One JSON object per request: time, id, client, method, path, status, bytes in and out, milliseconds."""


async def send_error(send: Send, status: int, message: str, kind: str) -> None:
    """Answer with the server's JSON error body."""
    body = json.dumps({"error": message, "kind": kind, "status": status}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses request bodies above ``max_bytes`` with 413, before reading them when the length is declared.

    A body of undeclared length (chunked) is read only up to the limit. The body is then handed to
    the application whole, so the routes and the multipart parser never see more than the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        too_big = f"the request body is above the {self.max_bytes}-byte limit"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_error(send, 400, "Content-Length is not a number", "BadRequest")
                return
            if int(declared) > self.max_bytes:
                await send_error(send, 413, too_big, "TooLarge")
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await send_error(send, 413, too_big, "TooLarge")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class AccessLog:
    """Logs every request as one JSON line on ``vanban.access`` and gives it an ``X-Request-ID``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        rid = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex[:16]
        record: dict[str, Any] = {"status": None, "bytes_out": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                record["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode("latin-1"))]
            elif message["type"] == "http.response.body":
                record["bytes_out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            length = dict(scope["headers"]).get(b"content-length", b"0")
            access_log.info(json.dumps({
                "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "id": rid,
                "client": client[0] if client else None,
                "method": scope["method"],
                "path": scope["path"],
                "query": scope.get("query_string", b"").decode("latin-1") or None,
                "status": record["status"] or 500,
                "bytes_in": int(length) if length.isdigit() else None,
                "bytes_out": record["bytes_out"],
                "ms": round((time.perf_counter() - start) * 1000, 1),
            }, ensure_ascii=False))


def log_to_stderr() -> None:
    """Send the access log to stderr, one JSON line per request."""
    if not access_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
