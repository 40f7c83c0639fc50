"""The report as a page: self-contained, and rendered by a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from screener.diary import read_diary
from screener.models import Profile
from screener.page import CSP, external_references, render_page
from screener.scoring import screen

from conftest import ROOT

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-pings",
    "--disable-domain-reliability", "--no-default-browser-check",
    # No name resolves: nothing the browser itself tries can leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]  # fmt: skip


@pytest.fixture(scope="module")
def week_page(tmp_path_factory):
    read = read_diary(ROOT / "examples" / "week.csv")
    report = screen(read, Profile(sex="female", age=40))
    path = tmp_path_factory.mktemp("page") / "report.html"
    path.write_text(render_page(report), encoding="utf-8")
    return path, report


def test_page_is_self_contained(week_page):
    path, report = week_page
    page = path.read_text(encoding="utf-8")
    assert f'content="{CSP}"' in page
    assert "default-src 'none'" in CSP
    assert external_references(page) == []
    assert "<script" not in page
    assert page.count("<svg") == 1 + sum(r.flagged for r in report.results)
    assert report.disclaimer in page


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("no chromium on this machine (apt-get install chromium); CI installs it")
    return found


def test_page_renders_in_a_real_browser_without_any_network_request(week_page, tmp_path):
    import matplotlib.image

    path, report = week_page
    browser = chromium()
    shot, net = tmp_path / "shot.png", tmp_path / "net.json"
    common = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(
        [*common, "--window-size=900,2600", f"--screenshot={shot}", f"--log-net-log={net}",
         path.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert ink > 0.03, "the page rendered blank"
    assert pixels.std() > 0.05
    dom = subprocess.run(
        [*common, "--dump-dom", path.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    for result in report.results:
        if result.flagged:
            assert f"{result.name}: {result.status}" in dom
    log = json.loads(net.read_text())
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    started_by_page = [
        event["params"]
        for event in log["events"]
        if names.get(event["type"]) == "URL_REQUEST_START_JOB"
        and "url" in event.get("params", {})
        and event["params"].get("initiator") != "not an origin"  # the browser's own
    ]
    assert started_by_page == []


PHONE_WIDTH = 390  # an ordinary phone's CSS pixels


def test_page_fits_a_phone(week_page, tmp_path):
    """At 390 px nothing runs off the side: a page of our own (a test fixture, which may
    run a script) holds the report in a frame of that width and reads its scroll width."""
    import re

    path, _ = week_page
    wrapper = path.parent / "phone.html"
    wrapper.write_text(
        '<!DOCTYPE html><html><head><title>-</title></head><body style="margin:0">'
        f'<iframe id="f" src="{path.name}" style="width:{PHONE_WIDTH}px;height:900px;'
        'border:0"></iframe><script>document.getElementById("f").onload = function () {'
        'document.title = "width=" + this.contentDocument.documentElement.scrollWidth;};'
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
         wrapper.as_uri()],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    width = re.search(r"<title>width=(\d+)</title>", dom)
    assert width is not None, "the frame did not load"
    assert int(width.group(1)) <= PHONE_WIDTH


def test_cli_writes_the_page(tmp_path):
    """Two days of bananas (SR28 09040, per 100 g: magnesium 27 mg, potassium 358 mg):
    200 g and 400 g, so magnesium 54 and 108 mg, a mean of 81 mg, 25 % of the RDA of
    320 mg and below the EAR of 265: low; potassium 716 and 1432 mg, a mean of 1074 mg,
    41 % of the AI of 2600 mg and below 2600 / 1.2 = 2167 mg: low."""
    from click.testing import CliRunner

    from screener.cli import cli

    diary = tmp_path / "bananas.csv"
    diary.write_text("date,food_id,amount,unit\n2026-03-02,09040,200,g\n2026-03-03,09040,400,g\n")
    out = tmp_path / "report.html"
    args = ["report", str(diary), "--sex", "female", "--age", "40", "--format", "html"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert (
        "<td>Magnesium</td><td class=n>81 mg</td><td class=target>320 mg RDA</td>"
        '<td class=n>25%</td><td class="low">low</td>'
    ) in page
    assert (
        "<td>Potassium</td><td class=n>1074 mg</td><td class=target>2600 mg AI</td>"
        '<td class=n>41%</td><td class="low">low</td>'
    ) in page
    assert "Days logged: 2 (2026-03-02 to 2026-03-03)" in page
    assert "Profile: females 31-50" in page
    assert "A screening aid, not a diagnosis." in page


def test_a_bar_past_the_axis_is_marked_and_others_are_not(tmp_path):
    from screener.page import coverage_chart

    # 100 g of chicken liver a day: 16.58 µg B12 of the 2.4 µg RDA, 691 %: past the axis
    diary = tmp_path / "liver.csv"
    diary.write_text("date,food_id,amount\n2026-03-02,05027,100 g\n2026-03-03,05027,100 g\n")
    report = screen(read_diary(diary), Profile(sex="female", age=40))
    b12 = next(r for r in report.results if r.nutrient.value == "vitamin_b12")
    assert round(b12.coverage_pct) == 691
    marked = [r.nutrient.value for r in report.results if (r.coverage_pct or 0) > 400]
    chart = coverage_chart(report)
    for r in report.results:
        assert (f'id="cut-{r.nutrient.value}"' in chart) == (r.nutrient.value in marked)
    assert "vitamin_b12" in marked
    week = screen(read_diary(ROOT / "examples" / "week.csv"), Profile(sex="female", age=40))
    assert 'id="cut-' not in coverage_chart(week)  # nothing past 400 %: nothing marked


def test_the_report_page_shows_the_target_on_a_phone():
    from screener.page import STYLE

    assert ".target{display:none}" not in STYLE.replace(" ", "")
    assert "display:none" not in STYLE
