"""The method, checked by hand on tiny foods, on the IOM worked examples, and by its
invariants."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.diary import read_diary
from screener.models import Profile, ReferenceIntake, Status
from screener.nutrients import Nutrient
from screener.references import reference_intakes
from screener.report import render_csv
from screener.scoring import AI_LOW_FRACTION, classify, confidence, screen

WOMAN_40 = Profile(sex="female", age=40)


def diary_file(rows: list[tuple[str, str, float]], folder: Path) -> Path:
    """A meal log of (date, food_id, grams) rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "food_id", "amount", "unit"])
    for date, food_id, grams in rows:
        writer.writerow([date, food_id, repr(float(grams)), "g"])
    path = folder / "diary.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def screen_rows(rows, foods, profile=WOMAN_40):
    with tempfile.TemporaryDirectory() as folder:
        read = read_diary(diary_file(rows, Path(folder)), foods=foods)
        return screen(read, profile, foods=foods)


def test_intakes_by_hand(tiny_foods):
    report = screen_rows(
        [("2026-03-02", "90001", 200), ("2026-03-02", "90002", 100), ("2026-03-04", "90001", 100)],
        tiny_foods,
    )
    mg = report.get(Nutrient.MAGNESIUM)
    # day 1: 200 g x 100/100 = 200 mg (cheese: unknown, left out); day 2: 100 mg
    assert mg.mean_daily_intake == 150
    assert mg.data_complete_pct == 75.0  # 300 of 400 g had a magnesium value
    assert mg.days_logged == 2  # 2026-03-03 had no rows: missing, not a zero day
    assert mg.coverage_pct == pytest.approx(100 * 150 / 320)
    assert mg.status is Status.LOW  # below the EAR of 265
    ca = report.get(Nutrient.CALCIUM)
    assert ca.mean_daily_intake == (100 + 200 + 50) / 2
    assert ca.data_complete_pct == 100.0
    b12 = report.get(Nutrient.VITAMIN_B12)
    assert b12.mean_daily_intake == 0.5
    assert b12.confidence is None and "skewed" in b12.confidence_note
    assert mg.contributors[0].food == "90001" and mg.contributors[0].share_pct == 100.0


def refs(nutrient: Nutrient) -> ReferenceIntake:
    return reference_intakes(WOMAN_40).get(nutrient)


@pytest.mark.parametrize(
    ("nutrient", "mean", "status"),
    [
        (Nutrient.MAGNESIUM, 264.99, Status.LOW),
        (Nutrient.MAGNESIUM, 265, Status.BORDERLINE),  # exactly the EAR
        (Nutrient.MAGNESIUM, 319.99, Status.BORDERLINE),
        (Nutrient.MAGNESIUM, 320, Status.ADEQUATE),  # exactly the RDA
        (Nutrient.MAGNESIUM, 5000, Status.ADEQUATE),  # no UL for food
        (Nutrient.POTASSIUM, 2600, Status.ADEQUATE),  # exactly the AI
        (Nutrient.POTASSIUM, 2599.9, Status.BORDERLINE),
        (Nutrient.POTASSIUM, 2600 * AI_LOW_FRACTION, Status.BORDERLINE),
        (Nutrient.POTASSIUM, 2600 * AI_LOW_FRACTION - 0.01, Status.LOW),
        (Nutrient.SODIUM, 1500, Status.ADEQUATE),  # exactly the AI
        (Nutrient.SODIUM, 2300, Status.ADEQUATE),  # exactly the CDRR
        (Nutrient.SODIUM, 2300.01, Status.HIGH),
        (Nutrient.CALCIUM, 800, Status.BORDERLINE),
        (Nutrient.CALCIUM, 1000, Status.ADEQUATE),
    ],
)
def test_status_boundaries(nutrient, mean, status):
    assert classify(mean, refs(nutrient)) is status


def test_iom_worked_example_magnesium_woman_40_three_days():
    """IOM 2000 pp. 54-57: 320 mg over 3 days, EAR 265, SD_r 26.5: about 85 %."""
    probability, words, note = confidence(Nutrient.MAGNESIUM, 320, 3, refs(Nutrient.MAGNESIUM))
    z = (320 - 265) / math.sqrt(26.5**2 + 85.9**2 / 3)
    assert z == pytest.approx(0.978, abs=0.001)
    assert probability == pytest.approx(0.836, abs=0.001)
    assert words == "uncertain" and note is None
    # 97.5 % intakes of the report (z = 2): 377 mg with 3 days, 349 mg with 7 days
    ref = refs(Nutrient.MAGNESIUM)
    for days, intake in ((3, 377.5), (7, 348.8)):
        assert confidence(Nutrient.MAGNESIUM, intake, days, ref)[0] == pytest.approx(
            0.977, abs=0.001
        )


def test_iom_ai_examples():
    """IOM 2000 Table 3-2 (calcium as an AI of 1,000 mg, SD 325) and the p. 60 example."""
    base = refs(Nutrient.POTASSIUM).model_copy(update={"ai": 1000.0, "sd_within": 325.0})
    for days, expected in ((1, 0.73), (3, 0.86), (7, 0.95)):
        probability, *_ = confidence(Nutrient.POTASSIUM, 1200, days, base)
        assert probability == pytest.approx(expected, abs=0.006)
    z7 = 200 / (325 / math.sqrt(7))
    assert z7 == pytest.approx(1.63, abs=0.005)  # the table prints 1.69: a misprint
    p60 = base.model_copy(update={"ai": 500.0, "sd_within": 50.0})
    probability, words, _ = confidence(Nutrient.POTASSIUM, 560, 3, p60)
    assert probability == pytest.approx(0.98, abs=0.005)  # "about 98 percent"
    assert words == "reasonably sure intake is at or above the AI"


def test_confidence_not_computed_says_why():
    _, words, note = confidence(Nutrient.THIAMIN, 1.0, 7, refs(Nutrient.THIAMIN))
    assert (words, note) == (
        "not computed",
        "no sourced within-person SD of intake for females 31-50",
    )
    _, _, note = confidence(Nutrient.CALCIUM, 900, 7, refs(Nutrient.CALCIUM))
    assert note == "no CV of requirement published"


def test_sodium_above_cdrr_is_flagged(tiny_foods):
    report = screen_rows([("2026-03-02", "90002", 400)], tiny_foods)  # 2400 mg sodium
    sodium = report.get(Nutrient.SODIUM)
    assert sodium.status is Status.HIGH and sodium.flagged
    assert sodium.suggestions == []


def test_several_people_need_user(tmp_path, tiny_foods):
    path = tmp_path / "family.csv"
    path.write_text(
        "date,user,food_id,amount\n2026-03-02,ana,90001,100 g\n2026-03-02,ben,90001,300 g\n"
    )
    read = read_diary(path, foods=tiny_foods)
    from screener.errors import ScreenerError

    with pytest.raises(ScreenerError, match=r"holds 2 people \(ana, ben\)"):
        screen(read, WOMAN_40, foods=tiny_foods)
    ben = screen(read, WOMAN_40, user="ben", foods=tiny_foods)
    assert ben.get(Nutrient.MAGNESIUM).mean_daily_intake == 300


# --- invariants ------------------------------------------------------------------------

dates = st.sampled_from(["2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"])
diary_rows = st.lists(
    st.tuples(dates, st.sampled_from(["90001", "90002", "90003"]), st.integers(1, 500)),
    min_size=1,
    max_size=12,
)
NUTRIENTS = list(Nutrient)


def intakes(report) -> dict[Nutrient, float]:
    return {r.nutrient: r.mean_daily_intake for r in report.results}


@settings(max_examples=25, deadline=None)
@given(diary_rows, st.sampled_from([0.5, 2.0, 3.0]))
def test_scaling_every_amount_scales_intakes(tiny_foods, rows, k):
    base = intakes(screen_rows(rows, tiny_foods))
    scaled = intakes(screen_rows([(d, f, g * k) for d, f, g in rows], tiny_foods))
    for nutrient in NUTRIENTS:
        if base[nutrient] is None:  # no food with a known value: unknown either way
            assert scaled[nutrient] is None
        else:
            assert scaled[nutrient] == pytest.approx(base[nutrient] * k, rel=1e-9, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(diary_rows, st.randoms())
def test_row_order_does_not_matter(tiny_foods, rows, rng):
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert intakes(screen_rows(rows, tiny_foods)) == pytest.approx(
        intakes(screen_rows(shuffled, tiny_foods))
    )


@settings(max_examples=25, deadline=None)
@given(diary_rows, st.data())
def test_splitting_a_row_in_halves_changes_nothing(tiny_foods, rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    date, food, grams = rows[index]
    half = (date, food, grams / 2)
    split = [*rows[:index], half, half, *rows[index + 1 :]]
    assert intakes(screen_rows(split, tiny_foods)) == pytest.approx(
        intakes(screen_rows(rows, tiny_foods))
    )


@settings(max_examples=25, deadline=None)
@given(diary_rows, st.sampled_from(["90001", "90002", "90003"]), st.integers(1, 300))
def test_adding_food_on_a_logged_day_never_lowers_an_intake(tiny_foods, rows, food, grams):
    before = intakes(screen_rows(rows, tiny_foods))
    after = intakes(screen_rows([*rows, (rows[0][0], food, grams)], tiny_foods))
    for nutrient in NUTRIENTS:
        if before[nutrient] is not None:
            assert after[nutrient] >= before[nutrient] - 1e-9


@settings(max_examples=15, deadline=None)
@given(diary_rows)
def test_an_empty_day_inside_the_span_does_not_count(tiny_foods, rows):
    # 2026-03-04 never has rows: the span may cover it, the days logged never do.
    report = screen_rows(rows, tiny_foods)
    assert report.days_logged == len({d for d, _, _ in rows})


@settings(max_examples=15, deadline=None)
@given(diary_rows)
def test_csv_read_back_equals_the_report(tiny_foods, rows):
    report = screen_rows(rows, tiny_foods)
    frame = pd.read_csv(io.StringIO(render_csv(report)))
    assert len(frame) == 8
    for result, row in zip(report.results, frame.itertuples(), strict=True):
        assert row.nutrient == result.nutrient.value
        assert row.status == (result.status.value if result.status else None) or (
            result.status is None and pd.isna(row.status)
        )
        assert bool(row.flagged) == result.flagged
        for field in ("mean_daily_intake", "target", "coverage_pct", "data_complete_pct"):
            expected = getattr(result, field)
            got = getattr(row, field)
            assert (expected is None and pd.isna(got)) or got == pytest.approx(expected)
        assert (result.confidence is None and pd.isna(row.confidence)) or (
            row.confidence == pytest.approx(result.confidence)
        )
        assert row.days_logged == result.days_logged
        assert row.disclaimer == report.disclaimer
