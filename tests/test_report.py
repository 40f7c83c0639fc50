"""What people see: golden files of the example week in every format, and --details."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from screener.diary import read_diary
from screener.models import DISCLAIMER, Profile
from screener.report import CSV_COLUMNS, details_frame, render
from screener.scoring import screen, screen_file

from conftest import DATA, GOLDEN, ROOT

WEEK = "examples/week.csv"


@pytest.fixture(scope="module")
def week_report():
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return screen_file(WEEK, Profile(sex="female", age=40))
    finally:
        os.chdir(here)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_golden_week_female_40(week_report, fmt, update_golden):
    golden = GOLDEN / f"week_female_40.{'txt' if fmt == 'table' else fmt}"
    rendered = render(week_report, fmt)
    if update_golden:
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_table_fits_80_columns_and_carries_the_disclaimer(week_report):
    table = render(week_report, "table")
    assert max(len(line) for line in table.splitlines()) <= 80
    assert table.rstrip().endswith("needs a healthcare professional.")
    assert "below the Adequate Intake" in table and "deficien" not in table


def test_csv_has_the_columns_and_eight_rows(week_report):
    frame = pd.read_csv(io.StringIO(render(week_report, "csv")))
    food_only = [c for c in CSV_COLUMNS if c not in ("food_intake", "supplement_intake", "ul_note")]
    # the example week has a food assumed (grilled chicken breast): the counts come
    # before the disclaimer
    counts = ["amounts_assumed", "foods_assumed", "fuzzy_matched"]
    assert list(frame.columns) == food_only[:-1] + counts + ["disclaimer"]
    assert frame["foods_assumed"].tolist() == [len(week_report.foods_assumed)] * 8 != [0] * 8
    assert frame["nutrient"].tolist() == [
        "magnesium", "calcium", "thiamin", "vitamin_b6", "vitamin_b12", "vitamin_d",
        "potassium", "sodium",
    ]  # fmt: skip
    assert set(frame["disclaimer"]) == {DISCLAIMER}
    assert set(frame["target_type"]) == {"RDA", "AI"}


def test_json_has_everything(week_report):
    import json

    data = json.loads(render(week_report, "json"))
    assert data["disclaimer"] == DISCLAIMER
    assert data["profile"] == {"sex": "female", "age": 40.0, "life_stage": "none"}
    magnesium = data["results"][0]
    assert magnesium["contributors"] and magnesium["suggestions"]


def test_details_hold_every_input_row():
    read = read_diary(DATA / "meal_log_week.csv")
    report = screen(read, Profile(sex="female", age=40))
    details = details_frame(report)
    rows = details[details["kind"] == "row"]
    rejected = details[details["kind"] == "rejected"]
    assert sorted(rows["line"].tolist() + rejected["line"].tolist()) == list(range(2, 19))
    assert (details["kind"] == "daily_total").sum() == report.days_logged
    assert rejected["reason"].notna().all()
    assert rows["grams"].notna().all()


def test_implausible_rows_are_said_in_every_output(tmp_path):
    import json

    from click.testing import CliRunner

    from screener.cli import cli
    from screener.page import render_page

    diary = tmp_path / "diary.csv"
    diary.write_text(
        "date,food,amount\n2026-03-02,banana,4 kg\n2026-03-03,banana,100 g\n"
        "2099-01-01,banana,100 g\n"
    )
    read = read_diary(diary)
    report = screen(read, Profile(sex="female", age=40))
    assert [(r.line, r.flag) for r in report.implausible_rows] == [
        (2, "implausible: 4.0 kg in one row"),
        (4, "implausible: a date in the future (2099-01-01)"),
    ]
    table = " ".join(render(report, "table").split())
    assert "Implausible, used as written (check them): line 2 (banana): 4.0 kg in one row;" in table
    assert json.loads(render(report, "json"))["implausible_rows"][1]["line"] == 4
    assert "line 4 (banana): a date in the future (2099-01-01)" in render_page(report)
    result = CliRunner().invoke(cli, ["report", str(diary), "--sex", "female", "--age", "40"])
    assert "Flagged: line 2: implausible: 4.0 kg in one row (banana)" in result.stderr
