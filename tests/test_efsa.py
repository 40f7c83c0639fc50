"""--references efsa: EFSA's Dietary Reference Values, in EFSA's terms, for every life
stage of ../shared/reference/efsa_drv.csv; thiamin per MJ of the person's own energy."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import pytest

from screener.efsa import efsa_reference_intakes
from screener.models import Profile

from conftest import ROOT

SHARED_DRV = ROOT.parent / "shared" / "reference" / "efsa_drv.csv"
PACKAGED_DRV = ROOT / "screener" / "data" / "efsa_drv.csv"
KEYS = {"Magnesium": "magnesium", "Calcium": "calcium", "Thiamin": "thiamin",
        "Vitamin B6": "vitamin_b6", "Cobalamin": "vitamin_b12", "Vitamin D": "vitamin_d",
        "Potassium": "potassium", "Sodium": "sodium"}  # fmt: skip


def source_rows():
    path = SHARED_DRV if SHARED_DRV.is_file() else PACKAGED_DRV
    with open(path, encoding="utf-8") as stream:
        return [row for row in csv.DictReader(stream) if row["nutrient"] in KEYS]


def first_age(age_group: str) -> int | None:
    """A whole age inside EFSA's age group, None for infants (screener judges 1+)."""
    if age_group.endswith("mo"):
        return None
    if age_group in ("Pregnancy", "Lactation"):
        return 30
    return int(re.findall(r"\d+", age_group)[0])


def test_the_packaged_table_is_efsas_rows_unchanged():
    if not SHARED_DRV.is_file():
        pytest.skip("../shared/reference/efsa_drv.csv not beside the checkout")
    with open(PACKAGED_DRV, encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == source_rows()


@pytest.mark.parametrize("row", source_rows(), ids=lambda r: "-".join(
    [r["nutrient"], r["drv"], r["sex"], r["stage"], r["age_group"]]))  # fmt: skip
def test_every_value_for_every_life_stage(row):
    age = first_age(row["age_group"])
    if age is None or not row["value"]:
        pytest.skip("infants, or no value")
    stage = {"None": "none", "Pregnancy": "pregnant", "Lactation": "lactating"}[row["stage"]]
    sex = "female" if row["sex"] == "Females" or stage != "none" else "male"
    if row["stage"] != "None" and row["age_group"] == "18-24 yr":
        age = 20
    profile = Profile(sex=sex, age=age, life_stage=stage)
    energy = 2390.0  # kcal: 10.0 MJ
    intake = efsa_reference_intakes(profile, energy).get(KEYS[row["nutrient"]])
    value = float(row["value"]) * (1000 if row["units"] == "g/d" else 1)
    if row["units"] == "mg/MJ":  # per MJ of the person's own energy
        value = round(value * 2390 * 4.184 / 1000, 3)
    # EFSA's PRI/AI column is a PRI where the group has an AR, else an AI
    has_ar = any(
        r["nutrient"] == row["nutrient"] and r["drv"] == "AR" and r["value"]
        and r["sex"] == row["sex"] and r["stage"] == row["stage"]
        and r["age_group"] == row["age_group"] for r in source_rows()
    )  # fmt: skip
    if row["drv"] == "AR":
        assert intake.ear == pytest.approx(value)
    elif has_ar:
        assert intake.rda == pytest.approx(value) and intake.target_type == "PRI"
    else:
        assert intake.ai == pytest.approx(value) and intake.target_type == "AI"


def test_thiamin_per_mj_by_hand():
    # 2,000 kcal = 8.368 MJ: AR 0.072 x 8.368 = 0.602 mg, PRI 0.1 x 8.368 = 0.837 mg
    thiamin = efsa_reference_intakes(Profile(sex="male", age=40), 2000.0).get("thiamin")
    assert (thiamin.ear, thiamin.rda) == (0.602, 0.837)
    assert "8.37 MJ" in " ".join(thiamin.advice)
    # SD of requirement implied by PRI and AR: (0.837 - 0.602) / 2
    assert thiamin.sd_requirement == pytest.approx(0.1175)
    unknown = efsa_reference_intakes(Profile(sex="male", age=40)).get("thiamin")
    assert (unknown.ear, unknown.rda, unknown.ai) == (None, None, None)


def test_uls_from_efsas_opinions_each_sourced():
    with open(ROOT / "screener" / "data" / "efsa_ul.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert all(row["source"].strip() for row in rows)
    adult = efsa_reference_intakes(Profile(sex="female", age=40), 2000.0)
    assert adult.get("vitamin_b6").ul == 12.0  # EFSA 2023, not the DRIs' 100
    assert adult.get("calcium").ul == 2500.0 and adult.get("vitamin_d").ul == 100.0
    assert adult.get("magnesium").ul == 250.0
    assert adult.get("magnesium").ul_applies_to == "supplements only"
    assert adult.get("potassium").ul is None and adult.get("vitamin_b12").ul is None
    child = efsa_reference_intakes(Profile(sex="male", age=5), 1400.0)
    assert child.get("vitamin_d").ul == 50.0 and child.get("vitamin_b6").ul == 4.5
    assert child.get("calcium").ul is None  # EFSA set none for children


def test_a_stage_without_its_own_value_takes_the_age_groups():
    # EFSA gives no sodium value for pregnancy: the adults' 2.0 g, said in the notes
    sodium = efsa_reference_intakes(Profile(sex="female", age=30, life_stage="pregnant"),
                                    2000.0).get("sodium")  # fmt: skip
    assert sodium.ai == 2000.0 and "no pregnancy value" in sodium.notes


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "screener", *args], capture_output=True,
                          text=True)  # fmt: skip


def test_references_command_in_efsas_terms():
    done = run("references", "--sex", "female", "--age", "40", "--references", "efsa")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Dietary Reference Values (EFSA, per day): females, age 40"
    assert lines[2].split() == ["nutrient", "unit", "AR", "PRI", "AI", "UL"]
    rows = {line.split()[0]: line.split() for line in lines[4:12]}
    assert rows["Calcium"][-4:] == ["750", "950", "-", "2500"]
    assert rows["Thiamin"][2:] == ["mg/MJ", "0.072", "0.1", "-", "-"]
    assert rows["Magnesium"][-2:] == ["300", "250*"]
    assert rows["Potassium"][-2:] == ["3500", "-"]
    assert "safe and adequate intake" in done.stdout
    data = json.loads(run("references", "--references", "efsa", "--format", "json",
                          "--sex", "male", "--age", "40").stdout)  # fmt: skip
    b12 = next(i for i in data["intakes"] if i["nutrient"] == "vitamin_b12")
    assert data["references"] == "efsa" and b12["ai"] == 4.0 and b12["pri"] is None


@pytest.fixture
def french_days(tmp_path):
    diary = tmp_path / "fr.csv"
    diary.write_text(
        "date,meal,food,food_id,amount,unit\n"
        "2024-03-01,b,lait,ciqual:19024,500,g\n"
        "2024-03-01,l,lentilles,ciqual:20587,300,g\n"
        "2024-03-02,b,lait,ciqual:19024,400,g\n"
        "2024-03-03,b,lait,ciqual:19024,300,g\n",
        encoding="utf-8",
    )
    return diary


def test_report_in_efsas_terms_with_thiamin_from_own_energy(french_days, tmp_path):
    args = ["report", str(french_days), "--table", "ciqual", "--references", "efsa",
            "--sex", "female", "--age", "40"]  # fmt: skip
    data = json.loads(run(*args, "--format", "json").stdout)
    assert data["references"] == "efsa"
    by = {r["nutrient"]: r for r in data["results"]}
    assert by["calcium"]["target"] == 950.0 and by["calcium"]["target_type"] == "PRI"
    assert by["magnesium"]["target_type"] == "AI" and by["magnesium"]["target"] == 300.0
    # thiamin: the diary's own mean energy, by hand from CIQUAL's kcal per 100 g
    # (milk 56.5, green lentils 127): (5 x 56.5 + 3 x 127 + 4 x 56.5 + 3 x 56.5) / 3 days
    energy = (5 * 56.5 + 3 * 127 + 4 * 56.5 + 3 * 56.5) / 3
    assert by["thiamin"]["target"] == round(0.1 * energy * 4.184 / 1000, 3)
    text = run(*args).stdout
    assert "Profile: females, age 40, EFSA Dietary Reference Values" in text
    assert "950 mg PRI" in text and "% of the PRI)" in " ".join(text.split())
    assert "RDA" not in text and "EAR" not in text
    page = tmp_path / "r.html"
    run(*args, "--format", "html", "-o", str(page))
    html = page.read_text("utf-8")
    assert "EFSA Dietary Reference Values" in html and "RDA" not in html
    rows = list(csv.DictReader(run(*args, "--format", "csv").stdout.splitlines()))
    assert {r["target_type"] for r in rows} == {"PRI", "AI"}


def test_the_default_is_nasem_and_its_json_unchanged(french_days):
    done = run("report", str(french_days), "--table", "ciqual", "--format", "json")
    assert "references" not in json.loads(done.stdout)
    assert "RDA" in run("report", str(french_days), "--table", "ciqual").stdout


def test_efsa_without_any_energy_is_an_error(tmp_path):
    own = tmp_path / "foods.csv"
    own.write_text("food_id,name,calcium_mg\n99001,plain water with calcium,10\n", "utf-8")
    diary = tmp_path / "d.csv"
    diary.write_text("date,meal,food,food_id,amount,unit\n2024-03-01,b,w,99001,500,g\n",
                     "utf-8")  # fmt: skip
    done = run("report", str(diary), "--foods", str(own), "--references", "efsa")
    assert done.returncode == 1
    assert "thiamin value is per MJ of energy" in done.stderr
    assert "Traceback" not in done.stderr
