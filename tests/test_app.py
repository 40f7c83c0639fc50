"""screener app through Flask's test client: every route, every refusal, and POST /report
giving exactly what `screener report` prints."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from screener.app import CSP, MAX_UPLOAD, create_app
from screener.cli import cli
from screener.models import DISCLAIMER

from conftest import DATA, ROOT

TOKEN = "test-token-0123456789"
ADDRESS = "127.0.0.1:5000"
BASE = f"http://{ADDRESS}"
WEEK = ROOT / "examples" / "week.csv"
SUPPLEMENTS = ROOT / "examples" / "supplements.csv"
NAMES_WEEK = DATA / "app_week_names.csv"  # the week with "shakshuka" (unknown), "lazagna"
PROFILE = {"sex": "female", "age": "40"}


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch):
    """The person's aliases folder of this test, empty."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "screener"


@pytest.fixture
def client():
    return create_app(TOKEN, ADDRESS).test_client()


def cli_run(tmp_path, monkeypatch, *args: str):
    """`screener …` as a person runs it, in a folder holding copies of the example files
    (so the diary's name in the output is the plain file name an upload carries)."""
    for path in (WEEK, SUPPLEMENTS, NAMES_WEEK):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, list(args))


def upload(path, name: str | None = None) -> tuple[io.BytesIO, str]:
    return io.BytesIO(path.read_bytes()), name or path.name


def post_report(client, fmt: str | None, files: dict, fields: dict | None = None, **kw):
    query = f"?format={fmt}" if fmt else ""
    data = {"token": TOKEN, **PROFILE, **(fields or {}), **files}
    return client.post(f"{BASE}/report{query}", data=data, **kw)


def error_line(stderr: str) -> str:
    """The CLI's 'Error: …' line."""
    return next(line for line in stderr.splitlines() if line.startswith("Error: "))


def check_page(response) -> str:
    """An HTML page of the app: the CSP header, the disclaimer, a phone's viewport."""
    text = response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert DISCLAIMER in text
    assert 'name="viewport" content="width=device-width' in text
    assert not re.search(r"(src|href)=\"https?:", text)  # nothing fetched from outside
    return text


# --- refusals -----------------------------------------------------------------------------


def test_no_token_or_a_wrong_one_is_refused(client):
    for url in ("/", "/?token=wrong", "/names/x", "/report/x", "/report/x/week-report.csv"):
        response = client.get(BASE + url)
        assert response.status_code == 403, url
        assert "no valid token" in check_page(response)
    response = client.post(f"{BASE}/report?format=csv", data={**PROFILE, "token": "wrong"})
    assert response.status_code == 403
    assert response.get_data(as_text=True).startswith("Error: no valid token")
    response = client.post(f"{BASE}/screen", data=PROFILE)
    assert response.status_code == 403


def test_the_token_in_the_url_sets_a_strict_httponly_cookie_for_later_pages(client):
    response = client.get(f"{BASE}/?token={TOKEN}")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"screener_token_5000={TOKEN};")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert client.get(f"{BASE}/").status_code == 200  # the cookie carries it
    # ... but a POST needs the token itself (form field or header), not the cookie
    files = {"diary": upload(WEEK)}
    assert client.post(f"{BASE}/report", data={**PROFILE, **files}).status_code == 403
    headers = {"X-Screener-Token": TOKEN}
    files = {"diary": upload(WEEK)}
    response = client.post(f"{BASE}/report", data={**PROFILE, **files}, headers=headers)
    assert response.status_code == 200


def test_a_host_other_than_the_printed_address_is_refused(client):
    for base in ("http://localhost:5000", "http://evil.example:5000", "http://127.0.0.1:5001"):
        response = client.get(f"{base}/?token={TOKEN}")
        assert response.status_code == 403, base
        assert "answers only at http://127.0.0.1:5000/" in check_page(response)
        assert "Set-Cookie" not in response.headers
    response = client.post(
        "http://localhost:5000/report", data={**PROFILE, "token": TOKEN, "diary": upload(WEEK)}
    )
    assert response.status_code == 403


def test_an_upload_over_the_limit_gets_413_with_a_message(client):
    big = io.BytesIO(b"date,food,amount,unit\n" + b"x" * MAX_UPLOAD)
    response = post_report(client, "csv", {"diary": (big, "big.csv")})
    assert response.status_code == 413
    assert response.get_data(as_text=True) == (
        "Error: the upload is over 50 MB: a diary of that size is more than the app reads; "
        "use `screener report` on the file\n"
    )
    big = io.BytesIO(b"date,food,amount,unit\n" + b"x" * MAX_UPLOAD)
    response = client.post(
        f"{BASE}/screen", data={"token": TOKEN, **PROFILE, "diary": (big, "big.csv")}
    )
    assert response.status_code == 413
    assert "over 50 MB" in check_page(response)


@pytest.mark.parametrize(
    "fields",
    [
        {"age": "0.5"},
        {"age": "abc"},
        {"age": "130"},
        {"sex": "male", "age": "30", "life_stage": "pregnant"},
        {"sex": "female", "age": "60", "life_stage": "lactating"},
    ],
    ids=["infant", "not-a-number", "too-old", "pregnant-male", "lactating-at-60"],
)
def test_a_bad_profile_is_the_cli_message_with_400(client, tmp_path, monkeypatch, fields):
    args = [f"--{k.replace('_', '-')}={v}" for k, v in fields.items()]
    expected = cli_run(tmp_path, monkeypatch, "report", "week.csv", *args)
    response = post_report(client, "csv", {"diary": upload(WEEK)}, fields)
    assert response.status_code == 400
    if fields.get("age") == "abc":  # click refuses the option before screener sees it
        assert expected.exit_code == 2
        assert response.get_data(as_text=True) == (
            "Error: age must be a number of years, not 'abc'\n"
        )
    else:
        assert expected.exit_code == 2
        assert response.get_data(as_text=True) == error_line(expected.stderr) + "\n"
    page = client.post(
        f"{BASE}/screen", data={"token": TOKEN, **PROFILE, **fields, "diary": upload(WEEK)}
    )
    assert page.status_code == 400
    text = check_page(page)
    assert "Error: " in text
    assert f'value="{fields["age"]}"' in text  # the form keeps what was typed


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty.csv"),
        (b"\x00\x01\x02binary", "photo.csv"),
        (b"when,what\n2026-03-02,soup\n", "odd.csv"),
        (b"date,food,amount,unit\n2026-03-02,zorblax,1,cup\n", "nothing.csv"),
        (
            b"date,food,amount\n2026-03-01,09040,1 g\n"
            b'2026-03-02,"banana,1 medium\n2026-03-03,09040,1 g\n',
            "q.csv",
        ),
    ],
    ids=["empty", "binary", "unknown-format", "no-usable-row", "quote-never-closed"],
)
def test_an_unreadable_diary_is_the_cli_message_with_422(
    client, tmp_path, monkeypatch, content, name
):
    (tmp_path / name).write_bytes(content)
    expected = cli_run(tmp_path, monkeypatch, "report", name, "--sex", "female", "--age", "40")
    assert expected.exit_code == 1
    response = post_report(client, "json", {"diary": (io.BytesIO(content), name)})
    assert response.status_code == 422
    assert response.get_data(as_text=True) == error_line(expected.stderr) + "\n"
    page = client.post(
        f"{BASE}/screen", data={"token": TOKEN, **PROFILE, "diary": (io.BytesIO(content), name)}
    )
    assert page.status_code == 422
    assert error_line(expected.stderr).replace("'", "&#x27;") in check_page(page).replace(
        "&quot;", '"'
    )


def test_missing_diary_and_bad_format_are_400(client):
    response = post_report(client, "csv", {})
    assert (response.status_code, response.get_data(as_text=True)) == (
        400,
        "Error: choose a diary file\n",
    )
    response = post_report(client, "pdf", {"diary": upload(WEEK)})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Error: format 'pdf' is not one of table, csv, json, html\n"
    )


# --- POST /report = screener report -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "html", None])
def test_post_report_is_what_screener_report_prints(client, tmp_path, monkeypatch, fmt):
    args = ["report", "week.csv", "--sex", "female", "--age", "40"]
    expected = cli_run(tmp_path, monkeypatch, *args, *(["--format", fmt] if fmt else []))
    assert expected.exit_code == 0
    response = post_report(client, fmt, {"diary": upload(WEEK)})
    assert response.status_code == 200
    assert response.get_data() == expected.stdout_bytes
    assert (
        response.mimetype
        == {
            "csv": "text/csv",
            "json": "application/json",
            "html": "text/html",
            None: "text/plain",
        }[fmt]
    )
    if fmt == "csv":  # by hand, from the README's table: magnesium 179 mg, 56 %, low
        magnesium = response.get_data(as_text=True).splitlines()[1].split(",")
        assert magnesium[0] == "magnesium"
        assert round(float(magnesium[3])) == 179


def test_post_report_with_supplements_and_default_profile(client, tmp_path, monkeypatch):
    expected = cli_run(
        tmp_path, monkeypatch, "report", "week.csv", "--supplements", "supplements.csv",
        "--format", "json",
    )  # fmt: skip
    assert expected.exit_code == 0
    response = client.post(
        f"{BASE}/report?format=json",
        data={"diary": upload(WEEK), "supplements": upload(SUPPLEMENTS)},
        headers={"X-Screener-Token": TOKEN},
    )
    assert response.status_code == 200
    assert response.get_data() == expected.stdout_bytes
    assert "Supplements are included" in response.get_data(as_text=True)


# --- the pages ----------------------------------------------------------------------------


def screen(client, path, name: str | None = None, **fields):
    """Open the printed address (its cookie carries the token), then send the first form."""
    client.get(f"{BASE}/?token={TOKEN}")
    return client.post(
        f"{BASE}/screen",
        data={"token": TOKEN, **PROFILE, **fields, "diary": upload(path, name)},
    )


def test_start_page_is_a_plain_form(client):
    text = check_page(client.get(f"{BASE}/?token={TOKEN}"))
    assert '<form method="post" action="/screen" enctype="multipart/form-data">' in text
    assert f'<input type="hidden" name="token" value="{TOKEN}">' in text
    for name in ("diary", "supplements", "sex", "age", "life_stage"):
        assert f'name="{name}"' in text
    assert "<script" not in text


def test_names_pick_search_leave_out_and_the_report(client, tmp_path, monkeypatch, own_config):
    response = screen(client, NAMES_WEEK)
    assert response.status_code == 303
    names_url = response.headers["Location"]
    assert re.fullmatch(r"/names/[\w-]+", names_url)
    text = check_page(client.get(BASE + names_url))
    assert "&ldquo;shakshuka&rdquo;: not found" in text
    assert "&ldquo;lazagna&rdquo;: fuzzy" in text
    assert "22910 Lasagna, cheese, frozen, prepared" in text  # as screener resolve lists it
    assert "&ldquo;grilled chicken breast&rdquo;: assumed" in text
    # shakshuka has no candidates: search again
    fields = {"token": TOKEN, "pick-1": "22956", "query-0": "scrambled eggs", "search": "0"}
    text = check_page(client.post(BASE + names_url, data=fields))
    assert "01132 Egg, whole, cooked, scrambled" in text
    assert 'value="scrambled eggs"' in text
    assert re.search(r'name="pick-1" value="22956" checked', text)  # the pick is kept
    # a food that is not a candidate is refused
    bad = client.post(BASE + names_url, data={"token": TOKEN, "pick-0": "99999", "go": "yes"})
    assert bad.status_code == 400
    # pick the eggs and the lasagna, leave the chicken out (no choice: as taken)
    choice = {"token": TOKEN, "pick-0": "01132", "pick-1": "22956", "pick-2": "", "go": "yes"}
    response = client.post(BASE + names_url, data=choice)
    assert response.status_code == 303
    report_url = response.headers["Location"]
    assert report_url == names_url.replace("/names/", "/report/")
    assert not (own_config / "aliases.csv").exists()  # not asked to save: nothing written
    text = check_page(client.get(BASE + report_url))
    assert "<h1>Food diary screen</h1>" in text
    assert "<h2>The plan</h2>" in text and "Add each day" in text
    for ext in ("csv", "json", "html"):
        assert f'href="{report_url}/app_week_names-report.{ext}" download' in text
    # the downloads are what screener report prints with the same choices as aliases
    (tmp_path / "mine.csv").write_text("alias,food_id\nshakshuka,01132\nlazagna,22956\n")
    for ext in ("csv", "json", "html"):
        expected = cli_run(
            tmp_path, monkeypatch, "report", "app_week_names.csv", "--sex", "female",
            "--age", "40", "--aliases", "mine.csv", "--format", ext,
        )  # fmt: skip
        assert expected.exit_code == 0
        download = client.get(f"{BASE}{report_url}/app_week_names-report.{ext}")
        assert download.status_code == 200
        assert download.get_data() == expected.stdout_bytes, ext
        disposition = download.headers["Content-Disposition"]
        assert disposition == f"attachment; filename=app_week_names-report.{ext}"
    # the picks mattered: 72 rows used (none rejected), where without them shakshuka is out
    assert "72 rows used, 0 rejected" in text
    without = cli_run(tmp_path, monkeypatch, "report", "app_week_names.csv")
    assert "71 rows used, 1 rejected" in without.stdout
    assert client.get(f"{BASE}{report_url}/report.pdf").status_code == 404


def test_choices_are_saved_to_the_aliases_file_only_when_asked(client, own_config):
    names_url = screen(client, NAMES_WEEK).headers["Location"]
    choice = {"token": TOKEN, "pick-1": "22956", "go": "yes", "save": "yes"}
    report_url = client.post(BASE + names_url, data=choice).headers["Location"]
    saved = own_config / "aliases.csv"
    assert saved.read_text("utf-8").splitlines()[0] == "alias,food_id,name"
    assert 'lazagna,22956,"Lasagna, Vegetable, frozen, baked"' in saved.read_text("utf-8")
    assert "chicken" not in saved.read_text("utf-8")  # left with no choice: not saved
    text = check_page(client.get(BASE + report_url))
    assert f"Saved 1 choice(s) to {saved}" in text
    # the next upload uses the saved name: lazagna is no longer a guess
    text = check_page(client.get(BASE + screen(client, NAMES_WEEK).headers["Location"]))
    assert "lazagna" not in text and "shakshuka" in text


def test_a_diary_with_nothing_to_look_at_goes_straight_to_the_report(client):
    cronometer = ROOT / "examples" / "cronometer_week.csv"
    response = screen(client, cronometer, sex="male", age="67")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/report/")
    text = check_page(client.get(BASE + response.headers["Location"]))
    assert "Profile: males 51-70, US/Canada" in text
    assert "Change the names" not in text


def test_what_a_person_typed_is_escaped(client):
    content = b"date,food,amount,unit\n2026-03-02,<script>alert(1)</script>,1,cup\n"
    content += b"2026-03-02,banana,1,medium\n"
    name = DATA / "app_escape.csv"  # never written: the upload is made in memory
    client.get(f"{BASE}/?token={TOKEN}")
    response = client.post(
        f"{BASE}/screen",
        data={"token": TOKEN, **PROFILE, "diary": (io.BytesIO(content), "C:\\My <i>x.csv")},
    )
    text = check_page(client.get(BASE + response.headers["Location"]))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<i>" not in text and "My &lt;i&gt;x.csv need" in text  # the name, no folder
    assert not name.exists()
    page = client.post(
        f"{BASE}/screen",
        data={"token": TOKEN, "age": '"><script>x</script>', "diary": upload(WEEK)},
    )
    assert page.status_code == 400
    assert "<script>x" not in check_page(page)


def test_a_session_not_in_memory_is_404(client):
    client.get(f"{BASE}/?token={TOKEN}")
    for url in ("/names/nope", "/report/nope", "/report/nope/week-report.csv"):
        response = client.get(BASE + url)
        assert response.status_code == 404, url
        assert "no longer in memory" in check_page(response)
    assert client.get(f"{BASE}/nowhere").status_code == 404


# --- the command --------------------------------------------------------------------------


def test_screener_app_serves_on_loopback_and_stops_on_ctrl_c(tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "screener", "app", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        found = re.fullmatch(
            r"screener app: open (http://127\.0\.0\.1:(\d+)/\?token=(\S+))\n", line
        )
        assert found, line
        url, port, token = found.groups()
        assert len(token) >= 32
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert DISCLAIMER in response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == "Stopped."


def test_report_does_not_import_the_web_framework():
    code = "import sys, screener.cli; print('flask' in sys.modules, 'werkzeug' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "False False\n"


def test_a_port_in_use_is_a_message(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["app", "--no-browser", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")


# --- the food table and reference values chosen (issue 28) --------------------------------


def test_the_start_page_offers_the_tables_and_reference_values(client):
    text = check_page(client.get(f"{BASE}/?token={TOKEN}"))
    assert '<select name="table"><option value="">usda</option>' in text
    for name in ("ciqual", "afcd", "fineli"):
        assert f'<option value="{name}">{name}</option>' in text
    assert '<select name="references"><option value="">nasem</option>' in text
    assert '<option value="efsa">efsa</option>' in text


def test_the_report_uses_the_table_and_references_chosen(client, tmp_path):
    diary = tmp_path / "fr.csv"
    diary.write_text("date,meal,food,food_id,amount,unit\n2024-03-01,b,lait,19024,500,g\n"
                     "2024-03-02,b,lait,19024,400,g\n", "utf-8")  # fmt: skip
    fields = {"table": "ciqual", "references": "efsa"}
    response = post_report(client, "json", {"diary": upload(diary)}, fields,
                           headers={"X-Screener-Token": TOKEN})  # fmt: skip
    assert response.status_code == 200, response.get_data(as_text=True)
    report = response.get_json()
    assert report["references"] == "efsa" and report["food_tables"] == ["ANSES CIQUAL 2020"]
    calcium = next(r for r in report["results"] if r["nutrient"] == "calcium")
    assert calcium["mean_daily_intake"] == pytest.approx((5 + 4) * 117 / 2)  # CIQUAL 19024
    assert calcium["target_type"] == "PRI"
    # the pages keep the choice through the names and the report
    response = screen(client, diary, **fields)
    assert response.status_code == 303
    page = check_page(client.get(BASE + response.headers["Location"]))
    assert "EFSA Dietary Reference Values" in page and "ANSES CIQUAL 2020" in page
    bad = post_report(client, "json", {"diary": upload(diary)}, {"table": "nope"},
                      headers={"X-Screener-Token": TOKEN})  # fmt: skip
    assert bad.status_code == 400
