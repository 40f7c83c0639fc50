from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.errors import UnknownFoodError
from screener.foods import PACKAGE_DATA, Lines, match_key, normalize_food_id, search_foods

PLAIN_FIRST = {
    "banana": "Bananas, raw",
    "milk": "Milk, whole, 3.25% milkfat, with added vitamin D",
    "spinach": "Spinach, raw",
    "almonds": "Nuts, almonds",
    "salmon": "Fish, salmon, Atlantic, farmed, cooked, dry heat",
    "egg": "Egg, whole, cooked, NS as to cooking method",  # as eaten (FNDDS)
    "rice": "Rice, white, long-grain, regular, enriched, cooked",
    "oatmeal": "Cereals, oats, regular and quick, unenriched, cooked with water "
    "(includes boiling and microwaving), without salt",
    "chicken breast": "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "cheddar cheese": "Cheese, cheddar",
}


@pytest.mark.parametrize("query", sorted(PLAIN_FIRST))
def test_plain_everyday_food_ranks_first(query, full_foods):
    result = search_foods(query, limit=5)
    assert result["name"].iloc[0] == PLAIN_FIRST[query]


def test_banana_before_baby_food_and_chips():
    names = search_foods("banana", limit=20)["name"].tolist()
    assert names.index("Bananas, raw") < names.index("Snacks, banana chips")
    assert not any(name.startswith("Babyfood") for name in names[:3])


def test_misspelling_and_plural_still_find_the_food():
    assert search_foods("bananna", limit=3)["food_id"].iloc[0] == "09040"
    assert search_foods("Bananas", limit=3)["food_id"].iloc[0] == "09040"
    assert search_foods("  SPINACH ", limit=3)["food_id"].iloc[0] == "11457"


def test_search_by_id_puts_that_food_first():
    assert search_foods("9040", limit=3)["food_id"].iloc[0] == "09040"


def test_search_result_shape():
    result = search_foods("milk", limit=7)
    assert list(result.columns) == ["food_id", "name", "food_group", "source", "score"]
    assert len(result) == 7
    assert result["score"].between(0, 100).all()
    assert search_foods("   ", limit=5).empty


def test_match_key_folds_case_punctuation_and_plurals():
    assert match_key("Bananas, RAW") == match_key("banana raw")
    assert match_key("tomatoes") == "tomato"
    assert match_key("berries") == match_key("berry")
    assert match_key("brownies") == match_key("brownie")
    assert match_key("hummus") == "hummus"


@given(st.sampled_from(["09040", "01001", "11457", "20045", "12061", "43378"]))
def test_any_food_id_with_or_without_leading_zeros_finds_the_same_food(food_id):
    from screener.foods import default_foods

    table = default_foods()
    stripped = food_id.lstrip("0")
    for written in (food_id, stripped, " " + stripped, stripped + ".0", int(stripped)):
        assert table.get(written)["food_id"] == food_id


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("9040", "09040"),
        ("09040", "09040"),
        ("009040", "09040"),  # more leading zeros than SR28 writes
        (9040, "09040"),
        ("9040.0", "09040"),  # a spreadsheet's float
        ("9040.00", "09040"),
        (" 1001 ", "01001"),
        ("43378", "43378"),
        ("7", "00007"),
        ("0", "00000"),
        ("123456", None),  # six digits: no SR28 id
        ("9040.5", None),
        ("90 40", None),
        ("banana", None),
        ("", None),
        ("-9040", None),
    ],
)
def test_normalize_food_id(written, expected):
    assert normalize_food_id(written) == expected


@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=0, max_value=3))
def test_normalize_food_id_pads_any_five_digit_number(number, zeros):
    """Any number up to five digits, with any leading zeros, is that number in five."""
    written = "0" * zeros + str(number)
    expected = f"{number:05d}"
    assert normalize_food_id(written) == expected
    assert normalize_food_id(written + ".0") == expected


def test_unknown_food_id_raises(full_foods):
    with pytest.raises(UnknownFoodError):
        full_foods.get("99999")
    with pytest.raises(UnknownFoodError):
        full_foods.get("banana")


def test_every_alias_points_at_an_existing_food_whose_name_fits(full_foods):
    """Reviewed by hand; this keeps them honest: the alias words appear in the food."""
    aliases = full_foods.aliases
    assert len(aliases) >= 300
    assert aliases["food_id"].isin(full_foods.foods.index).all()
    # Everyday words whose SR28 name says the same thing another way (reviewed).
    synonyms = {
        "baguette": "french",
        "bok": "pak choi",
        "coke": "cola",
        "soda": "cola",
        "cookie": "cooki",
        "cornflake": "corn flake",
        "crisp": "potato chip",
        "donut": "doughnut",
        "evoo": "olive",
        "ghee": "butter oil",
        "gummi": "gumdrop",
        "hot": "frankfurter",
        "ketchup": "catsup",
        "macaroni": "pasta",
        "spaghetti": "pasta",
        "oatmeal": "oat",
        "porridge": "oat",
        "omelette": "omelet",
        "prawn": "shrimp",
        "sparkling": "club soda",
        "sport": "gatorade",
        "vinaigrette": "italian dressing",
    }
    # A dish's other name ("butter chicken": FNDDS's "Chicken curry") shares no word with
    # the food a survey coder codes it to: the bundled file says why, on its row.
    with (PACKAGE_DATA / "aliases.csv").open(encoding="utf-8") as stream:
        bundled = pd.read_csv(stream, dtype=str, keep_default_na=False)
    why = dict(zip(bundled["alias"], bundled["why"], strict=True))
    misfits = []
    for alias, food_id in zip(aliases["alias"], aliases["food_id"], strict=True):
        name = match_key(full_foods.foods.at[food_id, "name"])
        words = match_key(alias).split()
        fits = any(word in name or synonyms.get(word, "\0") in name for word in words)
        if not fits and not why.get(alias, "").strip():
            misfits.append((alias, full_foods.foods.at[food_id, "name"]))
    assert misfits == [], misfits
    # and every reason given is for such a name: a fitting alias needs none
    assert sum(bool(reason.strip()) for reason in why.values()) >= 150


# Pieces that meet at every kind of word boundary: capitals, lower case, digits, the
# underscore, accented letters, punctuation, spaces.
NAME_PIECES = st.sampled_from(["ABC", "KZAQ", "AB", "A", "abc", "é", "É", "_", "0", " ", ",", "'"])


@given(st.lists(st.lists(NAME_PIECES, max_size=6).map("".join), min_size=1, max_size=6))
def test_brand_rows_find_exactly_the_words_of_three_capitals(names):
    import re

    from screener.foods import brand_rows

    definition = re.compile(r"\b[A-Z]{3,}\b")
    assert brand_rows(names).tolist() == [bool(definition.search(name)) for name in names]


def test_brand_rows_of_the_food_table(full_foods):
    from screener.foods import brand_rows

    names = full_foods.foods["name"].tolist()
    brands = brand_rows(names)
    assert brands[names.index("Cereals ready-to-eat, KELLOGG, KELLOGG'S Corn Flakes")]
    assert not brands[names.index("Bananas, raw")]
    assert 1000 < brands.sum() < 3000  # SR28's branded foods


def test_the_bundled_table_passes_the_checks_a_persons_own_table_gets():
    from screener.foods import read_food_csv

    from conftest import ROOT

    assert len(read_food_csv(ROOT / "foods.csv")) == 8789 + 7083  # SR28 + FNDDS


def test_a_food_id_given_twice_in_ones_own_foods_is_refused_naming_both_lines(tmp_path):
    from screener.errors import DataFileError
    from screener.foods import load_foods

    foods = tmp_path / "foods.csv"
    foods.write_text("food_id,name,magnesium_mg\n99001,Thing,1\n99002,Other,2\n99001,Again,3\n")
    with pytest.raises(DataFileError) as caught:
        load_foods(user_foods=foods)
    assert str(caught.value) == (
        f"{foods}, line 4, column 'food_id': food_id 99001 is on line 2 too; keep one row per food"
    )
    foods.write_text("food_id,name\n9040,Mine\n09040,Mine too\n")  # one id, written two ways
    with pytest.raises(DataFileError, match="food_id 09040 is on line 2 too"):
        load_foods(user_foods=foods)


def test_an_alias_given_two_foods_is_refused_naming_both_lines(tmp_path):
    from screener.errors import DataFileError
    from screener.foods import load_foods

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nmy bananas,09040\nsplit,09040\nMy Banana,01077\n")
    with pytest.raises(DataFileError) as caught:
        load_foods(user_aliases=aliases)
    assert str(caught.value) == (
        f"{aliases}, line 4, column 'alias': alias 'My Banana' is given two foods: 09040 on "
        "line 2 and 01077 here; keep one"
    )


def test_an_alias_given_the_same_food_twice_is_read(tmp_path):
    from screener.foods import load_foods

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nmy bananas,09040\nMy Banana,9040\n")
    table = load_foods(user_aliases=aliases)
    assert table.aliases["food_id"].tolist()[-2:] == ["09040", "09040"]


@pytest.mark.parametrize("kind", ["foods", "aliases"])
def test_a_quote_never_closed_in_ones_own_files_names_its_line(tmp_path, kind):
    from screener.errors import DataFileError
    from screener.foods import load_foods

    path = tmp_path / f"{kind}.csv"
    if kind == "foods":
        path.write_text('food_id,name,magnesium_mg\n99001,Thing,1\n99002,"Other,2\n99003,X,3\n')
    else:
        path.write_text('alias,food_id\nmine,09040\n"yours,09040\nhis,09040\n')
    with pytest.raises(DataFileError) as caught:
        load_foods(**{f"user_{kind}": path})
    assert str(caught.value) == (
        f'{path}, line 3: a quote opened here is never closed (a name with a " in it? '
        'double it: "")'
    )


def test_an_alias_scores_only_where_its_own_words_are_in_the_query(full_foods):
    # a dish's alias ("chicken pie") holds the query's one word, but is another food than
    # "chicken": it must not take a candidate's place (nor its alias bonus) for it
    index = full_foods.search_index
    column = index.alias_keys.index(match_key("chicken pie"))
    assert index.alias_scores([match_key("chicken")])[0][column] == 0
    assert index.alias_scores([match_key("chicken pie")])[0][column] == 100
    # a stem of the alias's word is its word: "french fries" in "french fried"
    fries = index.alias_keys.index(match_key("french fries"))
    assert index.alias_scores(["french fried"])[0][fries] > 0


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", [""]),
        ("banana", ["banana"]),
        ("banana\n\nraw egg\n", ["banana", "", "raw egg", ""]),
        ("jalapeño\nbanana", ["jalapeño", "banana"]),  # not one character per byte
    ],
)
def test_lines_are_the_text_split_at_its_newlines(text, lines):
    # as found in the text, and as the disk cache keeps where each ends
    ends = [len("\n".join(lines[: row + 1])) for row in range(len(lines))]
    for found in (Lines(text), Lines(text, np.array(ends))):
        assert len(found) == len(lines)
        assert [found[row] for row in range(len(lines))] == lines
        assert found[-1] == lines[-1]
        with pytest.raises(IndexError):
            found[len(lines)]
