"""A real ``vanban serve`` process on 127.0.0.1 for the server tests: started, waited for, stopped."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running server: its base URL, its process and the file its stderr (access log) goes to."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **kw: object) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=120, **kw)  # type: ignore[arg-type]


@contextlib.contextmanager
def running_server(tmp: Path, *args: str, startup_s: float = 120.0) -> Iterator[Server]:
    """Run ``python -m vanban serve --port P ARGS...`` until the block ends; fails if it does not answer."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "vanban", "serve", "--host", "127.0.0.1", "--port", str(port),
                                 *args], stdout=err, stderr=err, cwd=tmp, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer within {startup_s} s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield Server(url, port, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
