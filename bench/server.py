"""Speed of ``vanban serve``: requests per second and p50/p95 latency of /v1/parse and /v1/check.

    python bench/server.py [--requests N] [--clients C] [--workers W]

Starts a server on 127.0.0.1 (a free port) with W worker processes, uploads a two-page DOCX (the
Kế hoạch of ``bench/validate_speed.py``, rendered) N times from C concurrent clients to each
endpoint, and prints the figures; then stops the server. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from vanban.render import docx_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_speed import two_page_docx


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str, proc: subprocess.Popen[bytes], limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _run(url: str, path: str, data: bytes, n: int, clients: int) -> tuple[float, list[float]]:
    def one(_: int) -> float:
        with httpx.Client(base_url=url, timeout=120) as c:
            t0 = time.perf_counter()
            r = c.post(path, files={"file": ("ke-hoach.docx", data)})
            elapsed = time.perf_counter() - t0
        if r.status_code != 200:
            raise SystemExit(f"{path}: {r.status_code} {r.text[:200]}")
        return elapsed

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, range(n)))
    return time.perf_counter() - t0, latencies


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    data = docx_bytes(two_page_docx())
    port = _port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([sys.executable, "-m", "vanban", "serve", "--port", str(port), "--workers",
                                 str(args.workers)], cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(url, proc)
            _run(url, "/v1/check", data, 2 * args.workers, args.workers)  # warm the workers
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"two-page DOCX ({len(data)} bytes), {args.requests} requests per endpoint, "
                  f"{args.clients} clients, {args.workers} worker processes (load average {load})")
            for path in ("/v1/parse", "/v1/check", "/v1/check?format=sarif"):
                total, lat = _run(url, path, data, args.requests, args.clients)
                q = statistics.quantiles(lat, n=100)
                print(f"{path:<24} {args.requests / total:7.1f} req/s   p50 {q[49] * 1000:6.1f} ms   "
                      f"p95 {q[94] * 1000:6.1f} ms")
            _, single = _run(url, "/v1/parse", data, 50, 1)
            print(f"{'/v1/parse, one client':<24} {'':7} {'':5}    p50 {statistics.median(single) * 1000:6.1f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
