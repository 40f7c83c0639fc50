"""The reference values' edges and words, from the DRI reports and the IOM 2000 tables
shipped in screener/data (values written here by hand): found by the mutation run
(docs/mutation.md)."""

from __future__ import annotations

import pytest

from screener.models import LifeStage, Profile, Sex
from screener.nutrients import Nutrient
from screener.references import (
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
