"""screener app through Flask's test client: every route, every refusal, and POST /report
giving exactly what `screener report` prints."""

from __future__ import annotations

import http.client
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
    assert response.headers["Referrer-Policy"] == "same-origin"  # else a form sends Origin null
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


def test_the_token_in_the_url_moves_to_a_strict_httponly_cookie_and_out_of_the_url(client):
    response = client.get(f"{BASE}/?token={TOKEN}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"  # the address bar without the token
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"screener_token_5000={TOKEN};")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert client.get(f"{BASE}/").status_code == 200  # the cookie carries it
    moved = client.get(f"{BASE}/report/x/a.csv?token={TOKEN}&b=1")
    assert (moved.status_code, moved.headers["Location"]) == (303, "/report/x/a.csv?b=1")
    # ... but a POST needs the token itself (form field or header), not the cookie
    files = {"diary": upload(WEEK)}
    assert client.post(f"{BASE}/report", data={**PROFILE, **files}).status_code == 403
    headers = {"X-Screener-Token": TOKEN}
    files = {"diary": upload(WEEK)}
    response = client.post(f"{BASE}/report", data={**PROFILE, **files}, headers=headers)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": "http://127.0.0.1:5001"}, 403),  # another app on this machine
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Origin": BASE, "Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": BASE, "Sec-Fetch-Site": "same-origin"}, 200),
        ({"Origin": BASE}, 200),
        ({}, 200),  # a script: neither header
    ],
)
def test_a_post_from_another_origin_is_refused_even_with_the_token(client, headers, status):
    response = post_report(client, "csv", {"diary": upload(WEEK)}, headers=headers)
    assert response.status_code == status
    if status == 403:
        assert response.get_data(as_text=True) == (
            "Error: a form of another site cannot post to this app\n"
        )
    page = client.post(
        f"{BASE}/screen", data={"token": TOKEN, **PROFILE, "diary": upload(WEEK)}, headers=headers
    )
    assert page.status_code == (303 if status == 200 else 403)


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
    text = check_page(response)
    assert (
        "Error: the upload is over 50 MB: a diary of that size is more than the app reads" in text
    )
    assert "screener report" not in text and "`" not in text  # a page names no command


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
    if fmt == "csv":  # by hand, from the README's table: magnesium 202 mg, 63 %, low
        magnesium = response.get_data(as_text=True).splitlines()[1].split(",")
        assert magnesium[0] == "magnesium"
        assert round(float(magnesium[3])) == 202


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
    text = check_page(client.get(f"{BASE}/?token={TOKEN}", follow_redirects=True))
    assert '<form method="post" action="/screen" enctype="multipart/form-data">' in text
    assert f'<input type="hidden" name="token" value="{TOKEN}">' in text
    for name in ("diary", "supplements", "sex", "age", "life_stage"):
        assert f'name="{name}"' in text
    assert "<script" not in text


def posted(client, url: str, fields: dict, to: str) -> str:
    """POST FIELDS to URL: the answer is a redirect to TO (post/redirect/get); the page
    there."""
    response = client.post(BASE + url, data={"token": TOKEN, **fields})
    assert (response.status_code, response.headers["Location"]) == (303, to)
    return check_page(client.get(BASE + to.partition("#")[0]))


def test_names_pick_search_and_the_report(client, tmp_path, monkeypatch, own_config):
    response = screen(client, NAMES_WEEK)
    assert response.status_code == 303
    names_url = response.headers["Location"]
    assert re.fullmatch(r"/names/[\w-]+", names_url)
    text = check_page(client.get(BASE + names_url))
    assert "3 names in app_week_names.csv need a look" in text
    assert "&ldquo;shakshuka&rdquo;: not found" in text
    assert "&ldquo;lazagna&rdquo;: fuzzy" in text
    assert "22910 Lasagna, cheese, frozen, prepared" in text  # as screener resolve lists it
    assert "&ldquo;grilled chicken breast&rdquo;: assumed" in text
    # shakshuka has no candidates: search again, answered by a redirect to the row
    fields = {
        "pick-1": "58130310", "pick-2": "24123301", "query-0": "scrambled eggs", "search": "0"
    }  # fmt: skip
    text = posted(client, names_url, fields, names_url + "#name-0")
    assert "01132 Egg, whole, cooked, scrambled" in text
    assert 'value="scrambled eggs"' in text
    assert re.search(r'name="pick-1" value="58130310" checked', text)  # the pick is kept
    assert client.get(BASE + names_url).get_data() == text.encode()  # reloading: the same
    # an empty search says so, on the page the redirect leads to
    text = posted(client, names_url, {"query-1": "", "search": "1"}, names_url + "#name-1")
    assert "Error: write some words to search for" in text
    # a food that is not a candidate is refused
    bad = client.post(BASE + names_url, data={"token": TOKEN, "pick-0": "99999", "go": "yes"})
    assert bad.status_code == 400
    # pick the eggs and the lasagna, keep the chicken as screener took it
    choice = {"pick-0": "01132", "pick-1": "58130310", "pick-2": "24123301", "go": "yes"}
    report_url = names_url.replace("/names/", "/report/")
    text = posted(client, names_url, choice, report_url)
    assert not (own_config / "aliases.csv").exists()  # not asked to save: nothing written
    assert "<h1>Food diary screen</h1>" in text
    assert "<h2>The plan</h2>" in text and "Add each day" in text
    for ext in ("csv", "json", "html"):
        assert f'href="{report_url}/app_week_names-report.{ext}" download' in text
    # the downloads are what screener report prints with the same choices as aliases
    # (the grilled chicken breast as the app keeps it: pinned, so no longer assumed)
    (tmp_path / "mine.csv").write_text(
        "alias,food_id\nshakshuka,01132\nlazagna,58130310\ngrilled chicken breast,24123301\n"
    )
    for ext in ("csv", "json"):
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
    # the page downloaded is the page shown, the plan included, without the app's links
    page = client.get(f"{BASE}{report_url}/app_week_names-report.html").get_data(as_text=True)
    shown = re.sub(r"\n\n<style>form{.*?</nav>", "", text, count=1, flags=re.DOTALL)
    assert page == shown
    assert "Add each day" in page and "Download:" not in page
    # the picks mattered: 72 rows used (none rejected), where without them shakshuka is out
    assert "72 rows used, 0 rejected" in text
    without = cli_run(tmp_path, monkeypatch, "report", "app_week_names.csv")
    assert "71 rows used, 1 rejected" in without.stdout
    assert client.get(f"{BASE}{report_url}/report.pdf").status_code == 404


def test_the_app_report_speaks_to_a_browser_user(client, tmp_path, monkeypatch):
    expected = cli_run(tmp_path, monkeypatch, "report", "week.csv", "--format", "html")
    assert "`screener plan` finds the fewest portions" in expected.stdout  # the terminal's
    names_url = screen(client, WEEK).headers["Location"]
    text = posted(client, names_url, {"go": "yes"}, names_url.replace("/names/", "/report/"))
    assert "screener plan" not in text and "`" not in text
    assert "The plan below gives the fewest portions a day of everyday foods that bring " in text
    assert text.index("One way to close the gaps") < text.index("Add each day")


def test_without_sex_and_age_the_app_asks_for_them_in_its_own_words(client, tmp_path, monkeypatch):
    expected = cli_run(tmp_path, monkeypatch, "report", "week.csv", "--format", "html")
    assert "give --age and --sex for your own reference values" in expected.stdout
    names_url = screen(client, WEEK, sex="", age="").headers["Location"]
    text = posted(client, names_url, {"go": "yes"}, names_url.replace("/names/", "/report/"))
    assert "This errs toward flagging; give the age and the sex for your own reference" in text
    # no option of the terminal in what the page says (its addresses and tokens are
    # random, and a URL-safe token may hold "--" and a letter)
    said = re.sub(r'(?:href|action|value|src)="[^"]*"', "", text.replace("<!--", ""))
    assert not re.search(r"--[a-z]", said)
    assert "screener plan" not in text


def test_leave_out_takes_a_guess_out_of_the_report(client):
    names_url = screen(client, NAMES_WEEK).headers["Location"]
    report_url = names_url.replace("/names/", "/report/")
    # shakshuka (unknown) and the chicken (assumed, line 21) left out; lazagna as taken
    choice = {"pick-0": "", "pick-1": "22910", "pick-2": "", "go": "yes"}
    text = posted(client, names_url, choice, report_url)
    # of the 72 data rows: 70 used, none rejected, the two left out by the person, listed
    assert "70 rows used, 0 rejected" in text
    assert "Left out: 2 rows you left out (grilled chicken breast, shakshuka)." in text
    csv_text = client.get(f"{BASE}{report_url}/app_week_names-report.json").get_data(as_text=True)
    import json

    skipped = json.loads(csv_text)["skipped"]
    assert [(s["line"], s["reason"], s["value"]) for s in skipped] == [
        (21, "left_out", "grilled chicken breast"), (52, "left_out", "shakshuka"),
    ]  # fmt: skip
    # keeping the guess keeps the row
    choice = {"pick-0": "", "pick-1": "22910", "pick-2": "05064", "go": "yes"}
    text = posted(client, names_url, choice, report_url)
    assert "71 rows used, 0 rejected" in text
    assert "Left out: 1 row you left out (shakshuka)." in text


def test_a_food_whose_measures_do_not_fit_says_so_on_the_names_page(client):
    names_url = screen(client, NAMES_WEEK).headers["Location"]
    report_url = names_url.replace("/names/", "/report/")
    # lazagna was logged as 1 cup (line 70); the meat lasagna entree is weighed in pieces
    search = {"query-1": "lasagna with meat sauce frozen entree", "search": "1"}
    posted(client, names_url, search, names_url + "#name-1")
    choice = {"pick-0": "", "pick-1": "22916", "pick-2": "05064", "go": "yes"}
    text = posted(client, names_url, choice, names_url + "#name-1")
    assert "22916 has no measure “cup” (line 70): its measures are 1 piece side (" in text
    assert "or grams." in text
    # the page offers the food's measures, or grams, to count one cup as
    assert '<select name="measure-1-0">' in text
    assert '<option value="134">1 piece side (134 g)</option>' in text
    assert 'name="grams-1-0"' in text
    # sent again as they are, the choice stands: the row is rejected, and said so
    text = posted(client, names_url, choice, report_url)
    assert "70 rows used, 1 rejected" in text
    # counted as a measure, the row is used; grams that are no number are refused
    bad = client.post(BASE + names_url, data={"token": TOKEN, **choice, "grams-1-0": "lots"})
    assert bad.status_code == 400 and "a number from 0 to 5000" in bad.get_data(as_text=True)
    text = posted(client, names_url, {**choice, "measure-1-0": "134"}, report_url)
    assert "71 rows used, 0 rejected" in text
    # a name screener did not know, given that food: its row (line 52, 1 cup) is said too
    search = {"query-0": "lasagna with meat sauce frozen entree", "search": "0"}
    posted(client, names_url, search, names_url + "#name-0")
    choice = {"pick-0": "22916", "pick-1": "", "pick-2": "05064", "go": "yes"}
    text = posted(client, names_url, choice, names_url + "#name-0")
    assert "22916 has no measure “cup” (line 52): its measures are 1 piece side (134 g)" in text
    assert "(line 70)" not in text  # lazagna left out now


def test_choices_are_saved_to_the_aliases_file_only_when_asked(client, own_config):
    names_url = screen(client, NAMES_WEEK).headers["Location"]
    choice = {"token": TOKEN, "pick-1": "58130310", "go": "yes", "save": "yes"}
    report_url = client.post(BASE + names_url, data=choice).headers["Location"]
    saved = own_config / "aliases.csv"
    assert saved.read_text("utf-8").splitlines()[0] == "alias,food_id,name"
    assert 'lazagna,58130310,"Lasagna, meatless"' in saved.read_text("utf-8")
    assert "chicken" not in saved.read_text("utf-8")  # left with no choice: not saved
    text = check_page(client.get(BASE + report_url))
    assert f"Saved 1 choice to {saved}" in text
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
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(url, timeout=10) as response:  # the token moves to a cookie
            assert response.status == 200
            assert response.url == f"http://127.0.0.1:{port}/"
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


# --- privacy: an upload never reaches the disk -----------------------------------------------

OPENED: list[str] | None = None  # paths opened under the watched folder, while watching
WATCHED = ""


def _record_opens(event: str, args: tuple) -> None:
    if OPENED is not None and event in ("open", "tempfile.mkstemp", "tempfile.mkdtemp"):
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path).startswith(WATCHED):
            OPENED.append(os.fsdecode(path))


sys.addaudithook(_record_opens)  # an audit hook cannot be removed: it only records


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it, built in memory."""
    boundary = "----screener-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def big_diary(size: int) -> bytes:
    """The example week's rows on as many days as make SIZE bytes: a valid diary."""
    import datetime

    header, *rows = WEEK.read_text("utf-8").splitlines()
    lines, day = [header], datetime.date(2020, 1, 1)
    while sum(len(line) + 1 for line in lines) < size:
        lines += [f"{day.isoformat()},{row.split(',', 1)[1]}" for row in rows]
        day += datetime.timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


def test_a_multi_megabyte_upload_opens_no_file_under_the_temp_dir(tmp_path, monkeypatch):
    import tempfile
    import threading

    from screener.app import make_app_server

    global OPENED, WATCHED
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where anything would spool
    data = big_diary(3 * 1024 * 1024)
    assert len(data) > 3 * 1024 * 1024  # six times the 500 KB Werkzeug keeps in memory
    server, url = make_app_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base, token = url.split("/?token=")
    try:
        WATCHED, OPENED = str(temp), []
        for path in ("/report?format=csv", "/screen"):
            body, kind = multipart({"token": token, **PROFILE}, {"diary": ("big.csv", data)})
            connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=120)
            connection.request("POST", path, body, {"Content-Type": kind})
            status = connection.getresponse().status
            connection.close()
            assert status in (200, 303), path
        opened, OPENED = OPENED, None
    finally:
        OPENED = None
        server.shutdown()
        server.server_close()
    assert opened == []
    assert list(temp.iterdir()) == []


def test_a_measure_of_the_persons_own_weighs_the_unit_it_names():
    from screener.app import with_measures
    from screener.diary import read_diary
    from screener.foods import default_foods, with_aliases

    table = with_aliases({"lazagna": "22916"}, default_foods())
    assert 70 in [r.line for r in read_diary(NAMES_WEEK, foods=table).rejected]
    rows = read_diary(NAMES_WEEK, foods=with_measures(table, [("22916", "cup", 134.0)])).rows
    assert rows.loc[rows["line"] == 70, "grams"].tolist() == [134.0]  # 1 cup = 134 g
    rows = read_diary(NAMES_WEEK, foods=with_measures(table, [("22916", "cup", 250.0)])).rows
    assert rows.loc[rows["line"] == 70, "grams"].tolist() == [250.0]
    # without one, the lasagna screener takes (58130011 "Lasagna with meat", FNDDS's
    # lasagna NFS) weighs its own FNDDS cup: 250 g
    rows = read_diary(NAMES_WEEK, foods=with_measures(default_foods(), [])).rows
    assert rows.loc[rows["line"] == 70, "grams"].tolist() == [250.0]


def test_enter_in_a_search_box_searches_that_row(client):
    names_url = screen(client, NAMES_WEEK).headers["Location"]
    text = check_page(client.get(BASE + names_url))
    # Enter presses the form's first submit button: the one that searches the words typed
    first = re.search(r"<button [^>]*>", text.split("<form", 2)[1]).group(0)
    assert 'name="search" value="typed"' in first
    # words typed in the second box only: that row is searched, the first is not
    fields = {"pick-1": "58130310", "query-0": "", "query-1": "lasagna with meat sauce"}
    text = posted(client, names_url, {**fields, "search": "typed"}, names_url + "#name-1")
    assert "22916 Lasagna with meat &amp; sauce, frozen entree" in text
    assert "Error" not in text
    assert "No candidates: search with other words." in text  # shakshuka's row as it was
    # the same words again and new ones in the first box: only the first is searched
    fields = {"query-0": "scrambled eggs", "query-1": "lasagna with meat sauce"}
    text = posted(client, names_url, {**fields, "search": "typed"}, names_url + "#name-0")
    assert "01132 Egg, whole, cooked, scrambled" in text
    # Enter with every box empty: a message, no search
    text = posted(client, names_url, {"search": "typed"}, names_url)
    assert "Error: write some words in a Search again box to search for" in text


# --- the food table and reference values chosen (issue 28) --------------------------------


def test_the_start_page_offers_the_tables_and_reference_values(client):
    text = check_page(client.get(f"{BASE}/?token={TOKEN}", follow_redirects=True))
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
