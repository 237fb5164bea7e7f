"""Make the README's pictures with the project's own code: a screenshot of the Overview page
(served by the app on the demo data, taken in Chromium) and a slide from the committee pack
(built by reports/committee_pack.py, rendered by LibreOffice).

Needs Debian's chromium, libreoffice-impress and poppler-utils. Run from the repository root::

    .venv/bin/python scripts/make_readme_images.py
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reports.committee_pack import committee_pack_pptx  # noqa: E402
from survey.demo import load_demo_rounds  # noqa: E402
from survey.framework import load_framework  # noqa: E402
from models.results import StoredResults  # noqa: E402
from survey.settings import load_settings  # noqa: E402
from survey.store import SurveyStore  # noqa: E402

OUT = ROOT / "docs" / "images"
SLIDE = 4  # "Maturity across London": the map as it appears in the pack


def overview_screenshot(database_url: str, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT,
                              env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 1250})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("svg.borough-map", timeout=60_000)
            page.wait_for_timeout(3000)
            page.screenshot(path=str(target))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


def slide_picture(database_url: str, target: Path) -> None:
    settings = load_settings()
    framework = load_framework()
    results = StoredResults(SurveyStore(database_url), framework, settings)
    latest = results.at().published_rounds()["round"].iloc[-1]
    briefing = results.at().briefing(latest, results.pilots.pilots[0].id, with_provisional=False)
    pack = committee_pack_pptx(briefing, framework)
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "pack.pptx"
        deck.write_bytes(pack)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(deck)], check=True,
                       capture_output=True, timeout=300)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(SLIDE), "-l", str(SLIDE), "-singlefile",
                        str(Path(folder) / "pack.pdf"), str(target.with_suffix(""))], check=True, timeout=120)


def main() -> None:
    missing = [tool for tool in ("soffice", "pdftoppm", "chromium") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (apt-get install libreoffice-impress poppler-utils chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        load_demo_rounds(SurveyStore(url), load_framework())
        overview_screenshot(url, OUT / "overview.png")
        slide_picture(url, OUT / "slide_map.png")
    print(f"wrote {OUT / 'overview.png'} and {OUT / 'slide_map.png'}")


if __name__ == "__main__":
    main()
