"""``/openapi.json``: a valid OpenAPI document whose components are the library's schemas, and
every endpoint answering as it says (status, media type, body schema)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install 'vanban[server]'")
openapi_spec_validator = pytest.importorskip("openapi_spec_validator")

import jsonschema  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import linkdocs  # noqa: E402
from vanban import Corpus  # noqa: E402
from vanban.server import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
MINIMAL = ROOT / "examples" / "minimal.json"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("openapi") / "vanban.db"
    with Corpus(db) as corpus:
        corpus.add_text(linkdocs.KH_81, "kh81.txt", resolve=False)
        corpus.add_text(SEED.read_text(encoding="utf-8"), "seed.txt")
    with TestClient(create_app(Settings(db=str(db), workers=0))) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    data: dict[str, Any] = r.json()
    return data


def test_openapi_document_is_valid(spec: dict[str, Any], client: TestClient) -> None:
    openapi_spec_validator.validate(spec)
    assert spec["openapi"].startswith("3.")
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def _deref(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _deref(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return {k: _deref(v, defs) for k, v in node.items() if k not in ("$defs", "$schema")}
    if isinstance(node, list):
        return [_deref(x, defs) for x in node]
    return node


@pytest.mark.parametrize("path", sorted((ROOT / "schemas").glob("*.json")), ids=lambda p: p.name)
def test_component_schemas_are_the_library_schemas(spec: dict[str, Any], path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    components = spec["components"]["schemas"]
    assert schema["title"] in components
    assert _deref(components[schema["title"]], components) == _deref(schema, schema.get("$defs", {}))


def _seed() -> dict[str, Any]:
    return {"files": {"file": ("seed.txt", SEED.read_bytes())}}


CASES: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {
    ("get", "/v1/health"): [("/v1/health", {})],
    ("post", "/v1/parse"): [("/v1/parse", _seed()), ("/v1/parse?with_text=true", {"content": SEED.read_bytes()}),
                            ("/v1/parse", {"content": b""}), ("/v1/parse", {"content": b"\x00\x01" * 50})],
    ("post", "/v1/check"): [("/v1/check", _seed()), ("/v1/check?format=sarif&lang=en", _seed()),
                            ("/v1/check?profile=bad", _seed())],
    ("post", "/v1/render"): [("/v1/render", {"content": MINIMAL.read_bytes()}),
                             ("/v1/render?margin=oops", {"content": MINIMAL.read_bytes()})],
    ("post", "/v1/format"): [("/v1/format", _seed()), ("/v1/format?output=report", _seed()),
                             ("/v1/format?layout=nonexistent", _seed())],
    ("post", "/v1/export/edxml"): [("/v1/export/edxml", _seed()), ("/v1/export/edxml", {"content": b"PK\x03\x04xx"})],
    ("get", "/v1/documents/{key}"): [("/v1/documents/85-BC/BTGTU", {}), ("/v1/documents/1-XX/YY", {})],
    ("get", "/v1/documents/{key}/citations"): [("/v1/documents/85-BC/BTGTU/citations", {})],
    ("get", "/v1/documents/{key}/citers"): [("/v1/documents/81-KH/TU/citers", {})],
    ("get", "/v1/documents/{key}/chain"): [("/v1/documents/85-BC/BTGTU/chain", {})],
    ("get", "/v1/missing"): [("/v1/missing?limit=3", {}), ("/v1/missing?limit=0", {})],
    ("get", "/v1/graph"): [("/v1/graph", {})],
    ("post", "/v1/register/in"): [("/v1/register/in", _seed()), ("/v1/register/in", _seed()),
                                  ("/v1/register/in?date=not-a-date", _seed())],
    ("post", "/v1/register/out"): [("/v1/register/out?issue=QĐ-UBND", {}), ("/v1/register/out", _seed()),
                                   ("/v1/register/out", {})],
    ("get", "/v1/register"): [("/v1/register?book=in", {}), ("/v1/register?book=out&format=csv", {}),
                              ("/v1/register?book=tracking", {}), ("/v1/register?book=nope", {})],
}


def test_every_operation_has_cases(spec: dict[str, Any]) -> None:
    operations = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert operations == set(CASES)


def _check_against_spec(spec: dict[str, Any], method: str, template: str, response: Any) -> None:
    documented = spec["paths"][template][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {template}: {status} not documented ({response.text[:200]})"
    content = documented[status].get("content")
    if not content:
        return
    media = response.headers["content-type"].split(";")[0]
    assert media in content, f"{method} {template}: {media} not among {list(content)}"
    schema = content[media].get("schema")
    if schema and media.endswith("json"):
        validator = jsonschema.Draft202012Validator({"components": spec["components"], "allOf": [schema]})
        errors = list(validator.iter_errors(response.json()))
        assert not errors, f"{method} {template}: {errors[0].message}"


@pytest.mark.parametrize(("method", "template"), sorted(CASES), ids=lambda x: str(x))
def test_every_endpoint_answers_as_documented(spec: dict[str, Any], client: TestClient, method: str,
                                               template: str) -> None:
    statuses = []
    for url, kw in CASES[(method, template)]:
        r = client.request(method.upper(), url, **kw)
        _check_against_spec(spec, method, template, r)
        statuses.append(r.status_code)
        assert r.status_code < 500
    assert any(s < 300 for s in statuses)  # every operation also succeeds once


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), endpoint=st.sampled_from(["/v1/parse", "/v1/check", "/v1/render",
                                                                "/v1/format", "/v1/export/edxml"]),
       as_file=st.booleans())
def test_arbitrary_bodies_get_documented_answers_never_500(spec: dict[str, Any], client: TestClient, data: bytes,
                                                            endpoint: str, as_file: bool) -> None:
    kw: dict[str, Any] = {"files": {"file": ("x.bin", data)}} if as_file else {"content": data}
    r = client.post(endpoint, **kw)
    assert r.status_code < 500, r.text
    _check_against_spec(spec, "post", endpoint, r)
