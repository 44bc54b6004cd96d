"""``vanban serve``: the HTTP API through a real Uvicorn process on 127.0.0.1.

Answers are compared with what the library and the command line return for the same input; bad
input must come back as a 4xx JSON error carrying the library's message, never a 500.
"""

from __future__ import annotations

import concurrent.futures
import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install 'vanban[server]'")
pytest.importorskip("httpx")

import httpx

from tests import linkdocs
from tests.serverproc import Server, running_server
from tests.test_parse_file import BAD_INPUTS
from vanban import Corpus, parse_file

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
MINIMAL = ROOT / "examples" / "minimal.json"
LIMIT_MB = 5


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus around the seed: 81-KH/TU, 899/STTTT-TTBCBC and the directives they cite."""
    db = tmp_path_factory.mktemp("store") / "vanban.db"
    with Corpus(db) as corpus:
        for name, text in [("kh81.txt", linkdocs.KH_81), ("cv899.txt", linkdocs.CV_899),
                           ("ct07.txt", linkdocs.CT_07), ("seed.txt", SEED.read_text(encoding="utf-8"))]:
            corpus.add_text(text, name, resolve=False)
        corpus.resolve()
    return db


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, store: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("server")
    with running_server(tmp, "--db", str(store), "--workers", "2", "--max-upload-mb", str(LIMIT_MB)) as s:
        yield s


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def _cli(tmp: Path, *args: str) -> Any:
    out = subprocess.run([sys.executable, "-m", "vanban", *args], cwd=tmp, capture_output=True, check=False)
    assert out.returncode in (0, 1), out.stderr.decode()
    return json.loads(out.stdout)


# --- the verbs return what the library and the CLI return ---------------------------------------

def test_parse_returns_the_json_of_vanban_parse(client: httpx.Client, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    expected = _cli(tmp_path, "parse", "seed.txt")
    r = client.post("/v1/parse", files={"file": ("seed.txt", SEED.read_bytes())})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == expected
    assert r.json()["number"]["canonical"] == "85-BC/BTGTU"
    line = subprocess.run([sys.executable, "-m", "vanban", "parse", "--format", "jsonl", "seed.txt"], cwd=tmp_path,
                          capture_output=True, check=True).stdout
    assert r.content + b"\n" == line  # byte for byte the line of `vanban parse --format jsonl`
    raw = client.post("/v1/parse?with_text=true", content=SEED.read_bytes(), headers={"content-type": "text/plain"})
    assert raw.json()["source"] is None
    assert {k: v for k, v in raw.json().items() if k not in ("source", "text")} == \
        {k: v for k, v in expected.items() if k != "source"}
    assert raw.json()["text"] == parse_file(SEED).text
    text = client.post("/v1/parse", files={"text": (None, SEED.read_text(encoding="utf-8"))})
    assert text.json()["number"] == expected["number"]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_returns_the_report_of_vanban_check(client: httpx.Client, tmp_path: Path, fmt: str) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    expected = _cli(tmp_path, "check", "--format", fmt, "--lang", "en", "seed.txt")
    r = client.post(f"/v1/check?format={fmt}&lang=en", files={"file": ("seed.txt", SEED.read_bytes())})
    assert r.status_code == 200
    assert r.headers["content-type"] == ("application/sarif+json" if fmt == "sarif" else "application/json")
    assert r.json() == expected


def test_check_select_ignore_and_profile(client: httpx.Client, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    expected = _cli(tmp_path, "check", "--format", "json", "--profile", "nd30", "--select", "VB1,VB2",
                    "--ignore", "VB107", "seed.txt")
    r = client.post("/v1/check?profile=nd30&select=VB1&select=vb2&ignore=VB107",
                    files={"file": ("seed.txt", SEED.read_bytes())})
    assert r.json() == expected
    assert r.json()["profile"] == "nd30"
    assert all(f["rule"].startswith(("VB1", "VB2")) and f["rule"] != "VB107" for f in r.json()["findings"])


def test_render_writes_the_description_as_docx(client: httpx.Client) -> None:
    r = client.post("/v1/render", content=MINIMAL.read_bytes(), headers={"content-type": "application/octet-stream"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    back = parse_file(r.content)
    assert back.number is not None and back.number.canonical == parse_file(MINIMAL).number.canonical  # type: ignore[union-attr]
    out = client.post("/v1/render?margin=left_mm=35&size=body=13", files={"file": ("cv.json", MINIMAL.read_bytes())})
    assert out.status_code == 200 and 'filename="cv.docx"' in out.headers["content-disposition"]
    named = client.post("/v1/render", files={"file": ("C:\\Văn thư\\công văn.json", MINIMAL.read_bytes())})
    assert named.headers["content-disposition"] == (
        "attachment; filename=\"cong-van.docx\"; filename*=UTF-8''c%C3%B4ng%20v%C4%83n.docx")
    bad = client.post("/v1/render?margin=left_mm=5", files={"file": ("cv.json", MINIMAL.read_bytes())})
    assert bad.status_code == 400 and "left_mm" in bad.json()["error"]


def test_format_returns_the_docx_and_its_change_report(client: httpx.Client, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    expected = _cli(tmp_path, "format", "seed.txt", "-o", "seed.docx", "--json")
    r = client.post("/v1/format", files={"file": ("seed.txt", SEED.read_bytes())})
    assert r.status_code == 200
    assert parse_file(r.content).number.canonical == "85-BC/BTGTU"  # type: ignore[union-attr]
    header = json.loads(r.headers["x-vanban-report"])
    report = client.post("/v1/format?output=report", files={"file": ("seed.txt", SEED.read_bytes())}).json()
    assert header == report == expected


def test_export_edxml_carries_attachments_and_reads_back(client: httpx.Client) -> None:
    r = client.post("/v1/export/edxml", files=[("file", ("seed.txt", SEED.read_bytes())),
                                                ("attachment", ("scan.pdf", b"%PDF-1.4 scan", "application/pdf"))])
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    back = client.post("/v1/parse", files={"file": ("seed.edxml", r.content)}).json()
    assert back["format"] == "edxml" and back["number"]["canonical"] == "85-BC/BTGTU"
    assert parse_file(r.content).exchange.attachments[0].data == b"%PDF-1.4 scan"  # type: ignore[union-attr]


# --- corpus and registers -------------------------------------------------------------------------

def test_corpus_queries_answer_what_the_corpus_answers(client: httpx.Client, store: Path) -> None:
    with Corpus(store) as corpus:
        uri = corpus.node("85-BC/BTGTU")
        cites = [e.model_dump(mode="json") for e in corpus.cites(uri)]
        citers = [e.model_dump(mode="json") for e in corpus.cited_by(corpus.node("81-KH/TU"))]
        chain = [n.id for n in corpus.chain(uri)]
        missing = corpus.missing()
    node = client.get("/v1/documents/85-BC/BTGTU").json()
    assert node["id"] == uri and node["present"] is True
    assert client.get(f"/v1/documents{uri}").json() == node
    assert client.get("/v1/documents/85-BC/BTGTU/citations").json() == cites
    assert client.get("/v1/documents/81-KH/TU/citers").json() == citers
    assert [n["id"] for n in client.get("/v1/documents/85-BC/BTGTU/chain").json()] == chain
    assert len(chain) >= 3  # 07-CT/TW -> 81-KH/TU -> 85-BC/BTGTU
    got = client.get("/v1/missing").json()
    assert [(m["id"], m["cited"]) for m in got] == [(n.id, k) for n, k in missing]
    graph = client.get("/v1/graph").json()
    assert {n["id"] for n in graph["nodes"]} >= set(chain)
    nf = client.get("/v1/documents/999-XX/YYY")
    assert nf.status_code == 404 and "no such document" in nf.json()["error"]


def _unstamped(n: int) -> bytes:
    return linkdocs.directive(f"{n}-CT/TW", "05", "9", "2016", f"về việc số {n}").encode()


def test_register_numbers_stay_gap_free_under_concurrent_requests(server: Server) -> None:
    n = 24

    def register(k: int) -> dict[str, Any]:
        with server.client() as c:
            r = c.post("/v1/register/in?date=2024-03-04", files={"file": (f"ct{k}.txt", _unstamped(k + 100))})
            assert r.status_code == 201, r.text
            return r.json()  # type: ignore[no-any-return]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        regs = list(pool.map(register, range(n)))
    assert sorted(r["entry"]["seq"] for r in regs) == list(range(1, n + 1))
    with server.client() as c:
        again = c.post("/v1/register/in?date=2024-03-04", files={"file": ("ct0.txt", _unstamped(100))})
        assert again.status_code == 200 and again.json()["created"] is False and again.json()["warning"]
        rows = c.get("/v1/register?book=in&year=2024").json()
        assert sorted(int(r["Số đến"]) for r in rows) == list(range(1, n + 1))
        csv = c.get("/v1/register?book=in&year=2024&format=csv")
        assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\n") == n + 1
        issued = [c.post("/v1/register/out?issue=QĐ-UBND&date=2024-05-06").json()["entry"]["number"] for _ in range(2)]
        assert issued == ["01/QĐ-UBND", "02/QĐ-UBND"]


# --- limits and hostile input ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "make", "error", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
@pytest.mark.parametrize("endpoint", ["/v1/parse", "/v1/check", "/v1/format"])
def test_hostile_input_gets_a_4xx_json_error_with_the_library_message(
        client: httpx.Client, endpoint: str, name: str, make: Any, error: type[Exception], message: str) -> None:
    data = make()
    with pytest.raises(error) as refused:
        parse_file(data)
    r = client.post(endpoint, files={"file": ("upload.bin", data)})
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["error"] == str(refused.value) and message in body["error"]
    assert body["kind"] == type(refused.value).__name__ and body["status"] == r.status_code
    assert "Traceback" not in r.text


def test_random_bytes_never_get_a_500(client: httpx.Client) -> None:
    import random

    rng = random.Random(15)
    prefixes = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"<?xml version='1.0'?><edXML>", b"{\"number\": ", b"\xd0\xcf\x11\xe0"]
    for k in range(30):
        data = rng.choice(prefixes) + rng.randbytes(rng.randint(1, 4000))
        for endpoint in ("/v1/parse", "/v1/check", "/v1/render", "/v1/export/edxml"):
            r = client.post(endpoint, content=data, headers={"content-type": "application/octet-stream"})
            assert r.status_code < 500, (k, endpoint, r.text)
            if r.status_code >= 400:
                assert set(r.json()) == {"error", "kind", "status"}


def _raw_request(port: int, head: bytes, body_chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """Send ``head`` then body chunks until the server answers; returns the answer and the bytes sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(head)
        s.settimeout(0.05)
        answer = b""
        for chunk in body_chunks:
            try:
                answer = s.recv(65536)
                if answer:
                    break
            except TimeoutError:
                pass
            try:
                s.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        s.settimeout(30)
        while True:  # the whole answer: head, then the body of its Content-Length
            head, _, body = answer.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            if length is not None and len(body) >= length:
                break
            more = s.recv(65536)
            if not more:
                break
            answer += more
    return answer, sent


def test_upload_over_the_limit_gets_413_without_being_read(server: Server) -> None:
    fifty_mb = 50 * 1024 * 1024
    head = (f"POST /v1/parse HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {fifty_mb}\r\n\r\n").encode()
    answer, sent = _raw_request(server.port, head, (b"x" * 65536 for _ in range(fifty_mb // 65536)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < fifty_mb // 4  # answered long before the 50 MB were sent
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["kind"] == "TooLarge"
    # no declared length (chunked): read only up to the limit
    head = (b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b"y" * 65536)
    answer, sent = _raw_request(server.port, head, (chunk for _ in range(fifty_mb // 65536)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 2 * LIMIT_MB * 1024 * 1024
    # curl, as a user would send it
    if shutil.which("curl"):
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-F",
                              "file=@-;filename=big.bin", f"{server.url}/v1/parse"],
                             input=b"\0" * fifty_mb, capture_output=True, check=False, timeout=120)
        assert out.stdout == b"413"
    with server.client() as c:  # still serving
        assert c.get("/v1/health").status_code == 200


def test_one_big_document_does_not_block_small_requests(server: Server) -> None:
    big = (SEED.read_text(encoding="utf-8") * 300).encode()  # ≈3.8 MB: seconds of parsing
    finished: dict[str, float] = {}

    def post(label: str, data: bytes) -> None:
        with server.client() as c:
            r = c.post("/v1/check", content=data, headers={"content-type": "text/plain"})
            assert r.status_code == 200, r.text
        finished[label] = time.monotonic()

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        first = pool.submit(post, "big", big)
        time.sleep(0.3)
        small = [pool.submit(post, f"small{k}", SEED.read_bytes()) for k in range(3)]
        for f in [first, *small]:
            f.result()
    assert all(finished[f"small{k}"] < finished["big"] for k in range(3)), finished


def test_200_mixed_requests_from_8_clients_without_error(server: Server) -> None:
    seed = SEED.read_bytes()
    with server.client() as c:
        docx = c.post("/v1/render", files={"file": ("cv.json", MINIMAL.read_bytes())}).content
        parse_docx = c.post("/v1/parse", files={"file": ("cv.docx", docx)}).json()
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", "/v1/parse", {"files": {"file": ("seed.txt", seed)}}),
        ("POST", "/v1/check?format=sarif", {"content": seed}),
        ("POST", "/v1/check?lang=en", {"files": {"file": ("cv.docx", docx)}}),
        ("POST", "/v1/parse", {"files": {"file": ("cv.docx", docx)}}),
        ("POST", "/v1/render", {"files": {"file": ("cv.json", MINIMAL.read_bytes())}}),
        ("POST", "/v1/format?output=report", {"files": {"file": ("seed.txt", seed)}}),
        ("POST", "/v1/export/edxml", {"content": seed}),
        ("GET", "/v1/documents/85-BC/BTGTU/citations", {}),
        ("GET", "/v1/missing", {}),
        ("GET", "/v1/health", {}),
    ]

    def run(k: int) -> tuple[int, str]:
        method, url, kw = calls[k % len(calls)]
        with httpx.Client(base_url=server.url, timeout=120) as c:
            r = c.request(method, url, **kw)
        if url == "/v1/parse" and "cv.docx" in str(kw):
            assert r.json() == parse_docx
        return r.status_code, url

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(200)))
    assert len(results) == 200
    assert [r for r in results if r[0] != 200] == []


def test_access_log_is_one_json_object_per_request(server: Server, client: httpx.Client) -> None:
    r = client.get("/v1/health", headers={"x-request-id": "trace-15"})
    assert r.headers["x-request-id"] == "trace-15"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.log.read_text(encoding="utf-8").splitlines()
                 if line.startswith("{")]
        mine = [x for x in lines if x["id"] == "trace-15"]
        if mine:
            break
        time.sleep(0.1)
    assert mine[0]["method"] == "GET" and mine[0]["path"] == "/v1/health" and mine[0]["status"] == 200
    assert {"ts", "client", "bytes_in", "bytes_out", "ms"} <= set(mine[0])
    assert any(x["status"] == 413 for x in lines)


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    r = client.get("/v1/health", headers={"origin": "http://intranet.example"})
    assert "access-control-allow-origin" not in r.headers


# --- a second server: API key, CORS, a short time limit, no store -------------------------------

def test_api_key_cors_and_time_limit(tmp_path: Path) -> None:
    with running_server(tmp_path, "--db", str(tmp_path / "reg.db"), "--workers", "1", "--timeout", "3",
                        "--api-key", "bi-mat", "--cors-origin", "http://intranet.example") as s, s.client() as c:
        doc = {"file": ("ct.txt", _unstamped(7))}
        denied = c.post("/v1/register/in", files=doc)
        assert denied.status_code == 401 and "X-API-Key" in denied.json()["error"]
        assert c.post("/v1/register/in", files=doc, headers={"x-api-key": "wrong"}).status_code == 401
        assert c.post("/v1/register/in", files=doc, headers={"x-api-key": "bi-mat"}).status_code == 201
        assert c.post("/v1/parse", files=doc).status_code == 200  # reading needs no key
        cors = c.get("/v1/health", headers={"origin": "http://intranet.example"})
        assert cors.headers["access-control-allow-origin"] == "http://intranet.example"
        # ≈17 MB of distinct citations (~60 µs of parsing and checking each): far more than 3 s of work on any
        # machine (a text repeated cost only ~1 s once the parse reached 20 MB/s, and the limit was never hit)
        slow = "".join(f"Căn cứ Nghị định số {i}/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;\n"
                       for i in range(1, 200_000)).encode()
        r = c.post("/v1/check", content=slow, headers={"content-type": "text/plain"})
        assert r.status_code == 504 and r.json()["kind"] == "Timeout" and "3-second" in r.json()["error"]
        for _ in range(5):  # a fresh worker answers (the first try may wait for it to start on a busy machine)
            after = c.post("/v1/parse", files={"file": ("seed.txt", SEED.read_bytes())})
            if after.status_code != 504:
                break
        assert after.status_code == 200 and after.json()["number"]["canonical"] == "85-BC/BTGTU"
    with running_server(tmp_path, "--workers", "0") as s, s.client() as c:
        r = c.get("/v1/documents/85-BC/BTGTU")
        assert r.status_code == 404 and "--db" in r.json()["error"]
        assert c.post("/v1/parse", content=SEED.read_bytes()).json()["number"]["canonical"] == "85-BC/BTGTU"


def test_serve_without_the_extra_says_which_extra(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['fastapi'] = None; from vanban.cli import main; sys.exit(main(['serve']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "pip install 'vanban[server]'" in out.stderr
    assert "Traceback" not in out.stderr


def test_server_package_is_not_imported_by_the_cli_until_serve() -> None:
    code = "import sys, vanban.cli; vanban.cli.build_parser(); print('vanban.server' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
