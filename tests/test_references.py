from __future__ import annotations

import math

import pandas as pd
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.models import INFANT_REFUSAL, LifeStage, Profile, Sex
from screener.nutrients import Nutrient
from screener.references import dri_table, group_rows, reference_intakes

F, M = Sex.FEMALE, Sex.MALE


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (1, "children 1-3"), (3, "children 1-3"), (3.99, "children 1-3"), (4, "children 4-8"),
        (8.9, "children 4-8"), (9, "females 9-13"), (13, "females 9-13"),
        (14, "females 14-18"), (18, "females 14-18"), (18.5, "females 14-18"),
        (19, "females 19-30"), (30, "females 19-30"), (31, "females 31-50"),
        (50, "females 31-50"), (50.9, "females 31-50"), (51, "females 51-70"),
        (70, "females 51-70"), (71, "females 71+"), (120, "females 71+"),
    ],
)  # fmt: skip
def test_group_boundaries(age, group):
    assert reference_intakes(Profile(sex=F, age=age)).group == group


@pytest.mark.parametrize(
    ("profile", "group"),
    [
        (Profile(sex=F, age=18, life_stage=LifeStage.PREGNANT), "pregnancy 14-18"),
        (Profile(sex=F, age=19, life_stage=LifeStage.PREGNANT), "pregnancy 19-30"),
        (Profile(sex=F, age=50, life_stage=LifeStage.LACTATING), "lactation 31-50"),
        (Profile(sex=F, age=14, life_stage=LifeStage.LACTATING), "lactation 14-18"),
        (Profile(age=30, life_stage=LifeStage.PREGNANT), "pregnancy 19-30"),
    ],
)
def test_pregnancy_and_lactation_groups(profile, group):
    assert reference_intakes(profile).group == group


def test_values_of_a_woman_of_40():
    refs = reference_intakes(Profile(sex=F, age=40))
    mg = refs.get(Nutrient.MAGNESIUM)
    assert (mg.ear, mg.rda, mg.ai, mg.ul, mg.cdrr) == (265, 320, None, 350, None)
    assert mg.ul_applies_to == "supplements only"
    assert mg.sd_requirement == pytest.approx(26.5)
    assert mg.sd_within == pytest.approx(85.9)
    assert mg.sd_within_status == "derived"
    ca = refs.get(Nutrient.CALCIUM)
    assert (ca.ear, ca.rda, ca.ul, ca.sd_within, ca.cv_percent) == (800, 1000, 2500, 325, None)
    na = refs.get(Nutrient.SODIUM)
    assert (na.ear, na.rda, na.ai, na.ul, na.cdrr) == (None, None, 1500, None, 2300)
    k = refs.get(Nutrient.POTASSIUM)
    assert (k.ai, k.ul, k.target, k.target_type) == (2600, None, 2600, "AI")
    d = refs.get(Nutrient.VITAMIN_D)
    assert (d.ear, d.rda, d.ul, d.unit) == (10, 15, 100, "µg")
    assert "sunlight" in " ".join(d.advice)
    assert refs.default_note is None


def test_values_of_older_men_and_the_b12_advice():
    refs = reference_intakes(Profile(sex=M, age=75))
    assert refs.get(Nutrient.VITAMIN_D).rda == 20
    assert refs.get(Nutrient.CALCIUM).rda == 1200
    assert refs.get(Nutrient.VITAMIN_B6).rda == 1.7
    assert any("fortified foods" in a for a in refs.get(Nutrient.VITAMIN_B12).advice)
    young = reference_intakes(Profile(sex=M, age=50))
    assert not any("fortified" in a for a in young.get(Nutrient.VITAMIN_B12).advice)


def test_default_profile_errs_toward_flagging():
    refs = reference_intakes(Profile())
    women = reference_intakes(Profile(sex=F, age=40))
    men = reference_intakes(Profile(sex=M, age=40))
    for nutrient in Nutrient:
        got, f, m = refs.get(nutrient), women.get(nutrient), men.get(nutrient)
        for field in ("ear", "rda", "ai"):
            values = [v for v in (getattr(f, field), getattr(m, field)) if v is not None]
            assert getattr(got, field) == (max(values) if values else None)
        uls = [v for v in (f.ul, m.ul) if v is not None]
        assert got.ul == (min(uls) if uls else None)
        assert got.sd_within is None  # pooled SDs are per sex: never borrowed
    assert refs.get(Nutrient.MAGNESIUM).rda == 420
    assert refs.get(Nutrient.POTASSIUM).ai == 3400
    assert refs.group == "adults 31-50 (sex not given)"
    assert "--sex" in refs.default_note and "--age" in refs.default_note


def test_children_need_no_sex_in_the_default_note():
    note = reference_intakes(Profile(age=5)).default_note
    assert note is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"age": 0.5}, INFANT_REFUSAL),
        ({"age": 0}, INFANT_REFUSAL),
        ({"age": -3}, "age must be between 1 and 120 years, not -3"),
        ({"age": 121}, "age must be between 1 and 120 years, not 121"),
        ({"age": "forty"}, "age must be a number of years, not 'forty'"),
        ({"age": float("nan")}, "age must be a number of years, not nan"),
        (
            {"sex": "male", "life_stage": "pregnant"},
            "life stage 'pregnant' applies only to females",
        ),
        (
            {"sex": "female", "age": 13, "life_stage": "pregnant"},
            "life stage 'pregnant' at age 13 is outside the DRI tables, which cover pregnancy "
            "and lactation from 14 to 50 years",
        ),
        (
            {"sex": "female", "age": 51, "life_stage": "lactating"},
            "life stage 'lactating' at age 51 is outside the DRI tables, which cover pregnancy "
            "and lactation from 14 to 50 years",
        ),
    ],
)
def test_refusals_name_the_problem(fields, message):
    with pytest.raises(pydantic.ValidationError) as caught:
        Profile(**fields)
    assert caught.value.errors()[0]["msg"].removeprefix("Value error, ") == message


ages = st.one_of(
    st.integers(min_value=-5, max_value=130).map(float),
    st.floats(min_value=-5, max_value=130, allow_nan=False),
)


@given(age=ages, sex=st.sampled_from([None, F, M]), stage=st.sampled_from(list(LifeStage)))
def test_every_profile_maps_to_exactly_one_group_or_is_refused(age, sex, stage):
    try:
        profile = Profile(sex=sex, age=age, life_stage=stage)
    except pydantic.ValidationError as error:
        assert error.errors()[0]["msg"]
        return
    assert 1 <= age <= 120
    rows = group_rows(profile)
    per_nutrient = rows.groupby("nutrient").size()
    assert set(per_nutrient.index) == set(Nutrient)
    # One row per nutrient, or two (female and male) when the sex is not given.
    expected = 2 if sex is None and stage is LifeStage.NONE and math.floor(age) >= 9 else 1
    assert (per_nutrient == expected).all()
    assert len(reference_intakes(profile).intakes) == 8


def test_shipped_table_and_nutrient_keys_agree():
    table = dri_table()
    assert set(table["nutrient"]) == {n.value for n in Nutrient}
    assert len(table) == 8 * 22
    assert table["source"].str.len().gt(0).all()  # every value carries its source
    for nutrient in Nutrient:
        units = set(table.loc[table["nutrient"] == nutrient.value, "unit"])
        assert units == {"µg" if nutrient in (Nutrient.VITAMIN_B12, Nutrient.VITAMIN_D) else "mg"}
    # An AI is never also an RDA in the same row.
    assert not (table["ai"].notna() & table["rda"].notna()).any()


def test_frame_has_the_csv_columns():
    frame = reference_intakes(Profile(sex=F, age=40)).to_frame()
    assert list(frame.columns[:7]) == ["nutrient", "unit", "ear", "rda", "ai", "ul", "cdrr"]
    assert frame["nutrient"].tolist() == [n.value for n in Nutrient]
    assert pd.isna(frame.set_index("nutrient").at["sodium", "ear"])
