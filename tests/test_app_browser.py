"""screener app in a real browser: the server as `screener app` starts it, headless Debian
chromium driven by Playwright, through the whole flow with the example week (one name
misspelt, one the table lacks), at a phone's width and a desktop's."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

from screener.app import make_app_server
from screener.models import DISCLAIMER

from conftest import DATA, ROOT

NAMES_WEEK = DATA / "app_week_names.csv"  # "shakshuka" (not found), "lazagna" (fuzzy)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE, DESKTOP = 390, 1280  # CSS pixels


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("no chromium on this machine (apt-get install chromium); CI installs it")
    return found


@pytest.fixture
def server(tmp_path, monkeypatch):
    """`screener app --no-browser` in a thread: the address it prints."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    httpd, url = make_app_server(0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield url
    httpd.shutdown()
    httpd.server_close()


def fits(page, width: int) -> None:
    """Nothing runs off the side at WIDTH; the disclaimer is on the page."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert DISCLAIMER in page.inner_text("body")


def not_blank(path) -> None:
    import matplotlib.image

    pixels = matplotlib.image.imread(path)[..., :3]
    assert (pixels.mean(axis=2) < 0.9).mean() > 0.03, f"{path.name} is blank"


def chart_text_px(page) -> list[float]:
    """The smallest text of each chart on PAGE, in CSS pixels as shown: matplotlib draws a
    glyph of F pt as its 100-unit outline scaled by F/100, in a viewBox of pt."""
    import re

    shown = page.evaluate(
        "[...document.querySelectorAll('svg')].map(s => [s.outerHTML,"
        " s.getBoundingClientRect().width])"
    )
    sizes = []
    for svg, width in shown:
        view = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        scale = min(float(x) for x in re.findall(r"scale\(([\d.]+) -", svg))
        sizes.append(100 * scale * width / view)
    return sizes


def test_the_whole_flow_in_chromium(server, tmp_path, update_golden):
    from playwright.sync_api import sync_playwright

    origin = server.split("/?")[0]
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=FLAGS)
        try:
            context = browser.new_context(
                viewport={"width": PHONE, "height": 844}, java_script_enabled=False
            )  # the app needs no script
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server)
            assert page.title() == "screener: Screen a food diary"
            assert page.url == origin + "/"  # the token went to a cookie, out of the history
            fits(page, PHONE)
            page.screenshot(path=tmp_path / "start-390.png", full_page=True)

            # 1. the diary and the person
            page.set_input_files("input[name=diary]", NAMES_WEEK)
            page.select_option("select[name=sex]", "female")
            page.fill("input[name=age]", "40")
            page.click("button[type=submit]")

            # 2. the names: shakshuka has no candidate, so search again; pick the lasagna
            page.wait_for_selector("text=Names to look at")
            assert "“shakshuka”: not found" in page.inner_text("body")
            assert "“lazagna”: fuzzy" in page.inner_text("body")
            fits(page, PHONE)
            page.fill("input[name=query-0]", "scrambled eggs")
            page.click("button[name=search][value='0']")
            page.wait_for_selector("label[for='p0-01132']")
            # Enter in the second box searches the second name, not the first
            page.fill("input[name=query-1]", "lasagna with meat sauce")
            page.press("input[name=query-1]", "Enter")
            page.wait_for_selector("label[for='p1-22916']")
            assert "Error" not in page.inner_text("body")
            assert page.is_visible("label[for='p0-01132']")  # the first row's search stays
            # Back after a search: the page before it, not "Confirm Form Resubmission"
            page.go_back()
            assert page.title() == "screener: Names to look at"
            assert page.is_visible("label[for='p0-01132']")
            page.check("input[name=pick-0][value='01132']")
            page.fill("input[name=query-1]", "lazagna")
            page.press("input[name=query-1]", "Enter")
            page.wait_for_selector("label[for='p1-58130310']")
            page.check("input[name=pick-1][value='58130310']")  # not the one screener guessed
            page.check("#p2-none")  # leave the grilled chicken breast out
            assert "save my choices to ~/.config/screener/aliases.csv" in page.inner_text("body")
            page.screenshot(path=tmp_path / "names-390.png", full_page=True)
            page.click("button[name=go]")

            # 3. the report, with the plan and the downloads
            page.wait_for_selector("text=Food diary screen")
            text = page.inner_text("body")
            assert "71 rows used, 0 rejected" in text  # both names count, the chicken is out
            assert "Left out: 1 row you left out (grilled chicken breast)." in text
            assert "Magnesium: low" in text
            assert "The plan" in text and "Add each day" in text
            fits(page, PHONE)
            assert "screener plan" not in text  # the app shows the plan, names no command
            # on a phone: the charts' text readable, the target beside each percentage
            sizes = chart_text_px(page)
            assert len(sizes) >= 3 and min(sizes) >= 11, sizes
            target = page.locator("th", has_text="Target").bounding_box()
            assert target is not None and target["width"] > 0
            assert target["x"] + target["width"] <= PHONE
            assert page.locator("td", has_text="320 mg RDA").is_visible()  # magnesium
            page.screenshot(path=tmp_path / "report-390.png", full_page=True)
            with page.expect_download() as download:
                page.click("text=CSV")
            assert download.value.suggested_filename == "app_week_names-report.csv"
            saved = tmp_path / "report.csv"
            download.value.save_as(saved)
            assert saved.read_text("utf-8").startswith("nutrient,group,unit,")
            with page.expect_download() as download:
                page.click("text=this page")
            download.value.save_as(tmp_path / "report.html")
            kept = (tmp_path / "report.html").read_text("utf-8")
            assert "Add each day" in kept and "Coverage now and with the plan" in kept

            page.set_viewport_size({"width": DESKTOP, "height": 900})
            fits(page, DESKTOP)
            page.screenshot(path=tmp_path / "report-1280.png")
        finally:
            browser.close()
    for name in ("start-390.png", "names-390.png", "report-390.png", "report-1280.png"):
        not_blank(tmp_path / name)
    assert requested and all(url.startswith(origin + "/") for url in requested), requested
    assert not (tmp_path / ".config" / "screener" / "aliases.csv").exists()
    if update_golden:  # the README's pictures, reviewed like the golden files
        shutil.copy(tmp_path / "report-1280.png", ROOT / "docs" / "app.png")
        shutil.copy(tmp_path / "names-390.png", ROOT / "docs" / "app-names-phone.png")
