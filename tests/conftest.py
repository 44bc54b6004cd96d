"""Shared fixtures: where the dev corpora live ($VANBAN_SHARED, else ``../shared`` beside the clone).

Tests that need the corpora (they ask for the ``shared``, ``gazette`` or ``admin`` fixture) are
*deselected*, not skipped, when no corpus is there: a fresh clone runs everything it can run from
the repository alone. With ``VANBAN_REQUIRE_ALL=1`` (set by ``.ci/run``) a missing corpus is an error
and any skipped test fails the run. See docs/development.md.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
SAMPLES = ROOT / "tests" / "data" / "samples"
"""Small real documents shipped with the repository (provenance in tests/data/README.md)."""


def shared_dir() -> Path:
    """The shared folder with the corpora."""
    env = os.environ.get("VANBAN_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every JSON object of a JSON-lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CORPUS_FIXTURES = frozenset({"shared", "gazette", "admin"})
"""Fixtures that need the dev corpora; a test asking for one (directly or through another) is a corpus test."""


def corpus_available() -> bool:
    """Whether the dev corpora are where :func:`shared_dir` looks."""
    return (shared_dir() / "corpus").is_dir()


def require_all() -> bool:
    """Whether this run must run every test (``VANBAN_REQUIRE_ALL=1``, as in CI)."""
    return os.environ.get("VANBAN_REQUIRE_ALL", "") not in ("", "0")


def pytest_report_header(config: pytest.Config) -> str:
    """Say where the corpora are, or that corpus tests are left out."""
    if corpus_available():
        return f"vanban corpus: {shared_dir()}"
    return "vanban corpus: not found, corpus tests deselected (set VANBAN_SHARED, see docs/development.md)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the corpus tests when there is no corpus (an error when every test must run)."""
    if corpus_available():
        return
    if require_all():
        raise pytest.UsageError(f"VANBAN_REQUIRE_ALL is set but no corpus at {shared_dir()} (set VANBAN_SHARED)")
    keep, drop = [], []
    for item in items:
        (drop if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``VANBAN_REQUIRE_ALL``, a skipped test fails the run (CI installs every program tests need)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if require_all() and skipped and exitstatus == 0:
        if reporter is not None:
            reporter.write_line(f"VANBAN_REQUIRE_ALL: {skipped} test(s) skipped; every test must run here", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder; tests that need it are skipped when it is absent."""
    d = shared_dir()
    if not (d / "corpus").is_dir():
        pytest.skip("shared corpus not found (set VANBAN_SHARED)")
    return d


@pytest.fixture(scope="session")
def samples() -> dict[str, dict[str, Any]]:
    """The shipped real documents of ``tests/data/samples/admin.jsonl`` by id (no corpus needed)."""
    return {r["id"]: r for r in load_jsonl(SAMPLES / "admin.jsonl")}


@pytest.fixture(scope="session")
def gazette(shared: Path) -> list[dict[str, Any]]:
    """The 150 gazette documents of ``corpus/dev.jsonl``."""
    return load_jsonl(shared / "corpus" / "dev.jsonl")


@pytest.fixture(scope="session")
def admin(shared: Path) -> list[dict[str, Any]]:
    """The hand-checked administrative and Party documents of ``corpus/admin/dev.jsonl``."""
    return load_jsonl(shared / "corpus" / "admin" / "dev.jsonl")


PG_PACKAGE = "Debian package postgresql"


def pg_url() -> str:
    """The PostgreSQL server the backend tests use (``VANBAN_PG_URL``), or skip saying how to get one."""
    url = os.environ.get("VANBAN_PG_URL", "")
    if not url:
        pytest.skip(f"no PostgreSQL: set VANBAN_PG_URL to a server ({PG_PACKAGE}; see docs/development.md)")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg not installed (pip install -e '.[dev]')")
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as e:
        pytest.skip(f"no PostgreSQL server answers at VANBAN_PG_URL ({PG_PACKAGE}): {str(e).strip()[:120]}")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty store on each backend: a SQLite file, or a PostgreSQL schema of its own (dropped after)."""
    if request.param == "sqlite":
        yield str(tmp_path / "vanban.db")
        return
    import psycopg

    url = pg_url()
    schema = f"vanban_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")
