"""The reference values' edges and words, from the DRI reports and the IOM 2000 tables
shipped in screener/data (values written here by hand): found by the mutation run
(docs/mutation.md)."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from screener.models import LifeStage, Profile, Sex
from screener.nutrients import Nutrient
from screener.references import (
    B12_OVER_50_NOTE,
    _combine,
    group_records,
    group_words,
    reference_intakes,
    sd_of_requirement,
)


def test_the_default_profiles_note_word_for_word():
    assert reference_intakes(Profile()).default_note == (
        "Default profile: age taken as adult 31-50; the higher of the female and male values "
        "for each nutrient. This errs toward flagging; give --age and --sex for your own "
        "reference values."
    )


@pytest.mark.parametrize(
    ("age", "words"),
    [(10, "ages 9-13 (sex not given)"), (19, "adults 19-30 (sex not given)"),
     (75, "adults 71+ (sex not given)")],
)  # fmt: skip
def test_group_words_without_sex(age, words):
    profile = Profile(age=age)
    assert group_words(profile, group_records(profile)) == words


def test_the_pooled_within_person_sd_by_sex_and_age_bounds():
    # IOM 2000: calcium, women 19-50: 325 mg; magnesium, women 31-50: 85.9 mg (derived
    # from the worked example). None is sourced for men.
    def sd(sex, age, nutrient):
        return reference_intakes(Profile(sex=sex, age=age)).get(nutrient).sd_within

    assert sd(Sex.FEMALE, 19, Nutrient.CALCIUM) == 325
    assert sd(Sex.FEMALE, 50.9, Nutrient.CALCIUM) == 325
    assert sd(Sex.FEMALE, 51, Nutrient.CALCIUM) is None
    assert sd(Sex.FEMALE, 31, Nutrient.MAGNESIUM) == 85.9
    assert sd(Sex.FEMALE, 30, Nutrient.MAGNESIUM) is None
    assert sd(Sex.MALE, 40, Nutrient.CALCIUM) is None


def test_sd_of_requirement_by_hand():
    # CV 10 % of an EAR of 1.2345678: 0.12345678, to 6 decimals
    assert sd_of_requirement(10.0, 1.2345678, 2.0) == (0.123457, "published CV")
    # no CV: (RDA - EAR) / 2 = (1.1234567 - 1) / 2 = 0.06172835, to 6 decimals
    assert sd_of_requirement(None, 1.0, 1.1234567) == (0.061728, "implied by RDA and EAR")
    # an RDA at the EAR, or none, implies no spread
    assert sd_of_requirement(None, 10.0, 10.0) == (None, None)
    assert sd_of_requirement(None, 10.0, None) == (None, None)
    assert sd_of_requirement(10.0, None, 12.0) == (None, None)


def test_combine_picks_the_higher_or_the_lower():
    nan = float("nan")
    assert _combine([1.0, nan, 2.0], "max") == 2.0
    assert _combine([1.0, nan, 2.0], "min") == 1.0
    assert _combine([nan, nan], "min") is None


def test_a_table_without_the_group_is_an_error():
    # the table's last group ends at 200 years; a profile made past Profile's
    # validation beyond it finds no group
    ageless = Profile.model_construct(sex=None, age=250.0, life_stage=LifeStage.NONE)
    with pytest.raises(LookupError, match="the DRI table has no complete group for "):
        group_records(ageless)


def dri_rows(nutrient: str, age_min: str) -> list[dict[str, str]]:
    """The shipped DRI table's rows (general life stage) of NUTRIENT from AGE_MIN, in order."""
    with resources.as_file(resources.files("screener") / "data" / "dri.csv") as path:
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    return [
        r for r in rows
        if r["nutrient"] == nutrient and r["age_min_years"] == age_min
        and r["life_stage"] == "general"
    ]  # fmt: skip


def test_sources_and_notes_of_both_sexes_are_kept():
    # calcium 51-70: the female and male rows cite different pages; magnesium 14-18:
    # the rows carry different notes. Without the sex, both are shown.
    calcium = dri_rows("calcium", "51")
    assert len({r["source"] for r in calcium}) == 2
    ref = reference_intakes(Profile(age=60)).get(Nutrient.CALCIUM)
    assert ref.source == f"{calcium[0]['source']} || {calcium[1]['source']}"
    magnesium = [r["notes"] for r in dri_rows("magnesium", "14") if r["notes"]]
    assert len(set(magnesium)) == 2
    ref = reference_intakes(Profile(age=15)).get(Nutrient.MAGNESIUM)
    assert ref.notes == f"{magnesium[0]}; {magnesium[1]}"


def test_what_each_ul_applies_to_and_the_cited_sd():
    refs = reference_intakes(Profile(sex=Sex.FEMALE, age=40))
    assert refs.get(Nutrient.CALCIUM).ul_applies_to == "total"
    assert refs.get(Nutrient.MAGNESIUM).ul_applies_to == "supplements only"
    assert refs.get(Nutrient.POTASSIUM).ul_applies_to is None  # no UL
    assert refs.get(Nutrient.MAGNESIUM).cv_percent == 10  # IOM 1997: a CV of 10 %
    assert refs.get(Nutrient.MAGNESIUM).sd_within_source.startswith(
        "Back-calculated from the IOM 2000 worked example for women 31 to 50"
    )


def test_the_b12_note_from_51():
    def advice(age):
        return reference_intakes(Profile(sex=Sex.FEMALE, age=age)).get(Nutrient.VITAMIN_B12).advice

    assert B12_OVER_50_NOTE in advice(51)
    assert B12_OVER_50_NOTE not in advice(50.9)
