"""The README's counts and column lists, checked against the data files and the outputs
(issue 19): change the data or a column and the README must change with it."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from screener.cli import cli

from conftest import DATA, ROOT

README = (ROOT / "README.md").read_text("utf-8")
PACKAGE_DATA = ROOT / "screener" / "data"


def readme_figure(pattern: str) -> str:
    """The one match of PATTERN's group in the README (with line breaks as spaces)."""
    found = re.findall(pattern, re.sub(r"\s*\n\s*", " ", README))
    assert len(found) == 1, f"{pattern!r} is in the README {len(found)} times"
    return found[0]


def number(text: str) -> int:
    return int(text.replace(",", ""))


def rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def foods() -> list[dict[str, str]]:
    return rows(ROOT / "foods.csv")


def derived_cells(foods) -> tuple[Counter, Counter]:
    """(cells, foods) per derivation rule, from foods.csv's `derived` column."""
    cells, per_food = Counter(), Counter()
    for food in foods:
        found = [cell.split(":")[1] for cell in food["derived"].split(";") if cell]
        cells.update(found)
        per_food.update(set(found))
    return cells, per_food


def test_the_food_count(foods):
    assert number(readme_figure(r"every one of the ([\d,]+) foods")) == len(foods)
    sources = Counter(food["source"] for food in foods)
    assert number(readme_figure(r"the ([\d,]+) foods of the USDA National")) == sources["SR28"]
    assert (
        number(readme_figure(r"the ([\d,]+) foods of the USDA Food and"))
        == sources["FNDDS 2017-2018"]
    )


def test_the_measure_count():
    measures = rows(PACKAGE_DATA / "measures.csv")
    count = number(readme_figure(r"holds ([\d,]+) household measures and portions"))
    assert count == len(measures)
    sr28 = number(readme_figure(r"SR28's ([\d,]+) household measures"))
    fndds = number(readme_figure(r"and ([\d,]+) of FNDDS's [\d,]+ portions"))
    assert (sr28, fndds) == (
        sum(len(m["food_id"]) == 5 for m in measures),
        sum(len(m["food_id"]) == 8 for m in measures),
    )


def test_the_alias_count():
    count = number(readme_figure(r"([\d,]+) hand-reviewed aliases"))
    assert count == len(rows(PACKAGE_DATA / "aliases.csv"))


def test_the_derived_cells(foods):
    cells, per_food = derived_cells(foods)
    from_iu = number(readme_figure(r"nutrient 324; ([\d,]+) foods"))
    assert from_iu == cells["from_iu"] == per_food["from_iu"]
    plant_cells, plant_foods = readme_figure(r"\(([\d,]+) cells in ([\d,]+) foods\)")
    assert (number(plant_cells), number(plant_foods)) == (
        cells["plant_zero"],
        per_food["plant_zero"],
    )


def test_the_foods_csv_columns_are_the_readme_table(foods):
    table = README[README.index("| column | meaning |") :].split("\n\n", 1)[0]
    cells = [line.split("|")[1] for line in table.splitlines()[2:]]  # the column cells
    listed = [name for cell in cells for name in re.findall(r"`(\w+)`", cell)]
    with open(ROOT / "foods.csv", encoding="utf-8") as stream:
        header = stream.readline().strip().split(",")
    assert listed == header


def csv_header(args: list[str]) -> list[str]:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0].split(",")


def listed(pattern: str) -> list[str]:
    return readme_figure(pattern).replace(" ", "").split(",")


def test_the_report_csv_columns(monkeypatch):
    monkeypatch.chdir(ROOT)
    header = csv_header(["report", "examples/week.csv", "--sex", "female", "--age", "40",
                         "--format", "csv"])  # fmt: skip
    first = listed(r"one row per nutrient \(`([a-z_, ]+)`, then the reference values")
    assert header[: len(first)] == first
    rest = header[len(first) :]
    assert rest[:5] == ["ear", "rda", "ai", "ul", "cdrr"]  # "then the reference values"
    assert rest[5] == "ul_status" and rest[-1] == "disclaimer"


def test_the_import_columns(tmp_path):
    first = listed(r"what it became \(`([a-z_, ]+)`, and the values a file")
    out = tmp_path / "meals.csv"
    result = CliRunner().invoke(cli, ["import", str(DATA / "cohort.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").splitlines()[0].split(",")[: len(first)] == first


def test_the_plan_csv_columns(monkeypatch):
    monkeypatch.chdir(ROOT)
    header = csv_header(["plan", "examples/week.csv", "--sex", "female", "--age", "40",
                         "--format", "csv"])  # fmt: skip
    first = listed(r"one row per food \(`([a-z_, ]+)`, then what it adds")
    nutrients = ["magnesium_mg", "calcium_mg", "thiamin_mg", "vitamin_b6_mg",
                 "vitamin_b12_ug", "vitamin_d_ug", "potassium_mg", "sodium_mg"]  # fmt: skip
    assert header == [*first, *nutrients, "energy_kcal"]
