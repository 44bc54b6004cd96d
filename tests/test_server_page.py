"""The page at ``/`` driven in headless Chromium: upload the seed, see its number and findings, download the DOCX.

Needs Debian's ``chromium`` and ``chromium-driver`` (``apt-get install -y chromium chromium-driver``);
skipped without them. ``VANBAN_PICTURES=1`` also saves the screenshot as ``docs/pictures/server-page.png``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install 'vanban[server]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the dev extra has it)")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests import linkdocs  # noqa: E402
from tests.serverproc import Server, running_server  # noqa: E402
from vanban import Corpus, parse_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "bao-cao-85-BC-BTGTU.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
    reason="headless Chromium is not installed: apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("page")
    db = tmp / "vanban.db"
    with Corpus(db) as corpus:
        corpus.add_text(linkdocs.KH_81, "kh81.txt", resolve=False)
        corpus.add_text(linkdocs.CT_07, "ct07.txt")
    with running_server(tmp, "--db", str(db), "--workers", "1") as s:
        yield s


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1500"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(120)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def test_upload_the_seed_see_number_findings_and_download_the_docx(
        server: Server, browser: tuple[object, Path], tmp_path: Path) -> None:
    driver, downloads = browser
    driver.get(server.url + "/?lang=vi")  # type: ignore[attr-defined]
    assert "Kiểm tra văn bản" in driver.title  # type: ignore[attr-defined]
    driver.find_element(By.ID, "file").send_keys(str(SEED))  # type: ignore[attr-defined]
    driver.find_element(By.ID, "submit").click()  # type: ignore[attr-defined]
    wait = WebDriverWait(driver, 120)
    fields = wait.until(ec.presence_of_element_located((By.ID, "fields")))
    assert "85-BC/BTGTU" in fields.text
    assert "Ban Tuyên giáo Tỉnh ủy" in fields.text
    rows = driver.find_elements(By.CSS_SELECTOR, "#findings tr.finding-row")  # type: ignore[attr-defined]
    assert rows, "no finding listed"
    marks = driver.find_elements(By.CSS_SELECTOR, "#text mark.finding")  # type: ignore[attr-defined]
    assert marks, "no finding highlighted on the text"
    listed = {r.get_attribute("data-rule") for r in rows}
    assert {rule for m in marks for rule in (m.get_attribute("data-rules") or "").split()} <= listed
    cited = driver.find_element(By.ID, "cited").text  # type: ignore[attr-defined]
    assert "81-KH/TU" in cited and "trong kho" in cited
    link = driver.find_element(By.CSS_SELECTOR, '#text a.ref[href^="/corpus/"]')  # type: ignore[attr-defined]
    assert link.text.strip()
    shot = tmp_path / "server-page.png"
    driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("VANBAN_PICTURES"):
        shutil.copy(shot, ROOT / "docs" / "pictures" / "server-page.png")
        driver.execute_script("document.querySelector('#text mark.finding').scrollIntoView()")  # type: ignore[attr-defined]
        driver.execute_script("window.scrollBy(0, -200)")  # type: ignore[attr-defined]
        driver.save_screenshot(str(ROOT / "docs" / "pictures" / "server-page-text.png"))  # type: ignore[attr-defined]

    driver.find_element(By.ID, "download-docx").click()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [p for p in downloads.iterdir() if p.suffix == ".docx"]
        if done:
            break
        time.sleep(0.2)
    assert done, "the DOCX was not downloaded"
    doc = parse_file(done[0])
    assert doc.number is not None and doc.number.canonical == "85-BC/BTGTU"

    link = driver.find_element(By.CSS_SELECTOR, '#cited a[href^="/corpus/"]')  # type: ignore[attr-defined]
    link.click()
    wait.until(ec.presence_of_element_located((By.TAG_NAME, "h2")))
    assert "81-KH/TU" in driver.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]


def test_page_in_english_and_a_bad_file_shows_the_library_message(
        server: Server, browser: tuple[object, Path], tmp_path: Path) -> None:
    driver, _ = browser
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    driver.get(server.url + "/?lang=en")  # type: ignore[attr-defined]
    assert "Check a document" in driver.title  # type: ignore[attr-defined]
    driver.find_element(By.ID, "file").send_keys(str(bad))  # type: ignore[attr-defined]
    driver.find_element(By.ID, "submit").click()  # type: ignore[attr-defined]
    error = WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.ID, "error")))
    # the library's own message for a broken image, as parse_file gives it
    assert "not a readable image" in error.text and "cannot be read" in error.text
