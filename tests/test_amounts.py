"""Amounts as people say them (issue 24): the one grammar, the bare-number rule, the
assumed amount, the refusals. Weights are worked out by hand from the measures written
in each test (SR28's and FNDDS's own figures), never from the code under test."""

from __future__ import annotations

import json
import re
import statistics
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.diary import read_diary
from screener.foods import FoodTable, default_foods
from screener.matching import resolve_names
from screener.models import MatchKind, RejectReason
from screener.report import render
from screener.scoring import screen
from screener.supplements import not_food
from screener.units import (
    AmountError,
    Measures,
    NoUnitError,
    UnitError,
    canonical_unit,
    parse_amount,
    split_amount,
)

from conftest import SR28

# --- the grammar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "unit", "food"),
    [
        ("2 eggs", 2, "", "eggs"),
        ("a slice of pepperoni pizza", 1, "slice", "pepperoni pizza"),
        ("chicken breast 150g", 150, "g", "chicken breast"),
        ("chicken breast 150 g", 150, "g", "chicken breast"),
        ("half a cup of rice", 0.5, "cup", "rice"),
        ("two slices of whole wheat toast", 2, "slice", "whole wheat toast"),
        ("1 glass of orange juice", 1, "glass", "orange juice"),
        ("a bowl of oatmeal", 1, "bowl", "oatmeal"),
        ("grande latte", 1, "grande", "latte"),
        ("1 can of coke", 1, "can", "coke"),
        ("a couple of eggs", 2, "", "eggs"),
        ("an apple", 1, "", "apple"),
        ("one banana", 1, "", "banana"),
        ("twelve almonds", 12, "", "almonds"),
        ("half a banana", 0.5, "", "banana"),
        ("one and a half cups of milk", 1.5, "cup", "milk"),
        ("1 1/2 cups oats", 1.5, "cup", "oats"),
        ("½ cup rice", 0.5, "cup", "rice"),
        ("1½ cups rice", 1.5, "cup", "rice"),
        ("1\u20442 cup rice", 0.5, "cup", "rice"),  # the fraction slash
        ("150g chicken", 150, "g", "chicken"),
        ("2 large eggs", 2, "large", "eggs"),
        ("3 pancakes", 3, "", "pancakes"),
        ("a handful of almonds", 1, "handful", "almonds"),
        ("2 tall lattes", 2, "tall", "lattes"),
        ("coke 12 oz", 12, "oz", "coke"),
        ("a large bowl of soup", 1, "large bowl", "soup"),
        # a unit and "of" with no number: one of it, as people write "cup of tea"
        ("cup of tea", 1, "cup", "tea"),
        ("slice of pizza", 1, "slice", "pizza"),
        ("large bowl of cereal", 1, "large bowl", "cereal"),
        ("handful of almonds", 1, "handful", "almonds"),
    ],
)  # fmt: skip
def test_every_spelling_of_the_issue(text, number, unit, food):
    said = split_amount(text)
    assert said.number == pytest.approx(number)
    assert canonical_unit(said.unit) == canonical_unit(unit)
    assert said.food == food


@pytest.mark.parametrize(
    "text",
    ["banana", "Bananas, raw", "2% milk", "93/7 ground beef", "7up", "eggs", "2 cups",
     "cream of mushroom soup", "g of rice", "large fries"],
)  # fmt: skip
def test_no_amount_in_the_text(text):
    said = split_amount(text)
    assert said.number is None
    assert said.food == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [("a few eggs", "is not a number"), ("some rice", "is not a number"),
     ("several crackers", "is not a number"), ("2-3 eggs", "is a range"),
     ("2 to 3 eggs", "is a range"), ("two or three eggs", "is a range"),
     ("1,5 cups rice", "decimal comma"), ("0 eggs", "more than 0"),
     ("-2 eggs", "more than 0"), ("1/0 eggs", "divides by zero"),
     ("slices of toast", "no number: write how many [(]2 slices[)]"),
     ("cups of coffee", "no number")],
)  # fmt: skip
def test_words_that_are_no_number_ask_for_an_amount(text, problem):
    with pytest.raises(AmountError, match=problem):
        split_amount(text)


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}  # fmt: skip
UNITS = ["g", "grams", "oz", "cup", "cups", "tbsp", "slice", "slices", "piece", "bowl",
         "glass", "can", "bottle", "mug", "scoop", "serving", "medium", "large"]  # fmt: skip
FOODS = ["rice", "orange juice", "whole wheat toast", "peanut butter", "oatmeal"]
FRACTIONS = {"1/2": Fraction(1, 2), "1/4": Fraction(1, 4), "3/4": Fraction(3, 4),
             "1/3": Fraction(1, 3), "½": Fraction(1, 2), "¼": Fraction(1, 4),
             "¾": Fraction(3, 4), "1\u20442": Fraction(1, 2)}  # fmt: skip

numbers = st.one_of(
    st.integers(1, 999).map(lambda n: (str(n), Fraction(n))),
    st.decimals("0.1", "99.9", places=1).map(lambda d: (str(d), Fraction(str(d)))),
    st.sampled_from(sorted(WORDS.items())).map(lambda w: (w[0], Fraction(w[1]))),
    st.sampled_from(sorted(FRACTIONS.items())),
    st.tuples(st.integers(1, 9), st.sampled_from(["1/2", "1/4", "3/4"])).map(
        lambda t: (f"{t[0]} {t[1]}", t[0] + Fraction(t[1]))
    ),
)


@settings(max_examples=300, deadline=None)
@given(numbers, st.sampled_from(UNITS), st.booleans(), st.sampled_from(FOODS))
def test_numbers_words_fractions_and_units(number, unit, of, food):
    written, value = number
    text = f"{written} {unit} {'of ' if of else ''}{food}"
    said = split_amount(text)
    assert said.number == pytest.approx(float(value))
    assert canonical_unit(said.unit) == canonical_unit(unit)
    assert said.food == food


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5000), st.sampled_from(["g", "grams", "oz", "kg"]), st.sampled_from(FOODS))
def test_a_weight_after_the_food(number, unit, food):
    said = split_amount(f"{food} {number}{unit}")
    assert (said.number, canonical_unit(said.unit), said.food) == (
        number,
        canonical_unit(unit),
        food,
    )


def test_cronometer_n_times_a_measure():
    assert parse_amount("1.00 x 0.5 cup, shredded") == (0.5, "cup, shredded")
    assert parse_amount("2 x 1 each") == (2.0, "each")


# --- the bare-number rule -------------------------------------------------------------

# SR28 01123 Egg, whole, raw, fresh, as SR28's WEIGHT table gives it
SR28_EGG = [(1, "large", 50), (1, "extra large", 56), (1, "jumbo", 63),
            (1, "cup (4.86 large eggs)", 243), (1, "medium", 44), (1, "small", 38)]  # fmt: skip
# FNDDS 2017-2018 portions (Portions and Weights workbook)
FNDDS_PANCAKES = [(1, "miniature/bite size pancake", 10), (1, "silver dollar pancake", 20),
                  (1, "small pancake", 20), (1, "medium pancake", 50), (1, "large pancake", 90),
                  (1, "surface inch", 1.9), (1, "Quantity not specified", 100)]  # fmt: skip
FNDDS_BANANA = [(1, "banana", 126), (1, "slice", 6), (1, "cup", 150), (1, "cup, mashed", 225),
                (1, "linear inch", 15), (1, "Quantity not specified", 126)]  # fmt: skip
FNDDS_LATTE = [(1, "fl oz", 30), (1, "cup (8 fl oz)", 240), (1, "small", 360),
               (1, "medium", 480), (1, "large", 600),
               (1, "Quantity not specified", 360)]  # fmt: skip


def test_a_bare_number_counts_the_foods_own_word_first():
    banana = Measures.of("Banana, raw", FNDDS_BANANA)
    assert banana.to_grams(2, "") == 252  # 2 x "1 banana = 126 g", not 2 slices
    assert banana.to_grams(1, "each") == 126


def test_a_bare_number_counts_a_medium_size_next():
    assert Measures.of("Egg, whole, raw, fresh", SR28_EGG).to_grams(2, "") == 88  # 2 x 44 g
    # no measure is just "pancake": the medium one, 50 g, not the first (10 g)
    assert Measures.of("Pancakes, plain", FNDDS_PANCAKES).to_grams(3, "") == 150


def test_a_bare_number_counts_the_foods_own_word_with_a_size():
    # SR28 11674 Potatoes, baked: its own word first, then the size
    potato = [(1, "NLEA serving", 148), (1, "potato large (3\" to 4-1/4\" dia)", 299),
              (1, "potato medium (2-1/4\" to 3-1/4\" dia)", 173),
              (1, "potato small (1-3/4\" to 2-1/2\" dia)", 138)]  # fmt: skip
    assert Measures.of("Potatoes, baked, flesh and skin", potato).to_grams(1, "") == 173


# FNDDS 51300120 Bread, whole wheat, toasted
FNDDS_TOAST = [(1, "small or thin/very thin slice", 22), (1, "medium or regular slice", 33),
               (1, "large or thick slice", 39), (1, "slice, crust not eaten", 15),
               (1, "slice, snack-size", 9), (1, "Quantity not specified", 33)]  # fmt: skip


def test_a_slice_is_the_medium_or_regular_one():
    toast = Measures.of("Bread, whole wheat, toasted", FNDDS_TOAST)
    assert toast.to_grams(2, "slices") == 66
    assert toast.to_grams(2, "") == 66
    assert toast.to_grams(1, "large") == 39


def test_a_bare_number_counts_another_count_word_last():
    bread = Measures.of("Bread, wheat", [(1, "oz", 28.35), (1, "slice", 29)])  # SR28 18064
    assert bread.to_grams(2, "") == 58


def test_a_bare_number_is_never_grams():
    milk = Measures.of("Milk, whole", [(1, "cup", 244), (1, "fl oz", 30.5)])  # SR28 01077
    with pytest.raises(NoUnitError) as caught:
        milk.to_grams(150, "")
    assert "150 g" in str(caught.value) and "never read as grams" in str(caught.value)
    assert milk.to_grams(150, "g") == 150


def test_a_meal_log_bare_number_without_a_natural_unit_is_a_row_error(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text(
        # rice: cups and spoons, and nothing to count (milk now has FNDDS's school container)
        "date,food,food_id,amount,unit\n2026-03-02,rice,20045,200,\n2026-03-02,egg,01123,2,\n"
    )
    read = read_diary(path)
    (rejected,) = read.rejected
    assert rejected.line == 2 and rejected.reason is RejectReason.UNKNOWN_UNIT
    assert "200 g" in rejected.message
    # SR28 01123 eggs: 2 x 1 medium = 44 g
    assert read.rows["grams"].tolist() == [88.0]


def test_the_old_meaning_is_never_read_silently(tmp_path):
    """`banana,100` once meant 100 g; now 100 bananas, which no row can be: refused,
    saying how to write grams."""
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,banana,100\n2026-03-02,banana,1\n")
    read = read_diary(path)
    (rejected,) = read.rejected
    assert rejected.reason is RejectReason.BAD_AMOUNT
    assert 'write "100 g"' in rejected.message
    assert read.rows["grams"].tolist() == [118.0]  # SR28: 1 medium banana = 118 g


def test_a_grams_column_says_grams(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text("date,food,grams\n2026-03-02,banana,100\n2026-03-02,milk,250\n")
    assert read_diary(path).rows["grams"].tolist() == [100.0, 250.0]


def test_amounts_inside_the_food_text_of_a_meal_log(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount,unit\n"
        "2026-03-02,2 eggs,,\n"  # FNDDS 31102000 Egg, whole, cooked, NS: 2 x 1 egg = 50 g
        "2026-03-02,chicken breast 150g,,\n"
        "2026-03-02,half a cup of rice,,\n"  # SR28 20045: 1 cup = 158 g
        "2026-03-02,1 can of coke,,\n"  # SR28 14148: 1 can 12 fl oz = 370 g
        "2026-03-02,two slices of white bread,,\n"  # SR28 18069: 1 slice = 29 g
    )
    read = read_diary(path)
    assert read.rejected == []
    assert read.rows["food_id"].tolist()[0] == "31102000"
    assert read.rows["grams"].tolist() == [100.0, 150.0, 79.0, 370.0, 58.0]
    assert read.rows["food"].tolist()[0] == "2 eggs"  # as written


# --- everyday units -------------------------------------------------------------------


def test_coffee_shop_sizes_are_volumes():
    latte = Measures.of("Coffee, Latte", FNDDS_LATTE)
    # density from "1 cup (8 fl oz) = 240 g": 240 g / 236.5882365 ml; grande = 16 fl oz
    per_ml = 240 / 236.5882365
    assert latte.to_grams(1, "grande") == pytest.approx(16 * 29.5735295625 * per_ml)
    assert latte.to_grams(1, "tall") == pytest.approx(360.0)  # 12 fl oz = 1.5 cups
    assert latte.to_grams(1, "venti") == pytest.approx(600.0)  # 20 fl oz = 2.5 cups
    assert latte.to_grams(1, "medium") == 480


def test_cronometer_measure_words():
    banana = Measures.of("Bananas, raw", default_foods().measure_list("09040"))
    assert banana.to_grams(1, 'medium (7" to 7-7/8" long)') == 118
    assert banana.to_grams(1, "each") == 118  # each: the natural unit, 1 medium
    assert banana.to_grams(1, "FDA Serving Size") == 126  # SR28: NLEA serving = 126 g
    assert banana.to_grams(1, "cup, whole pieces") == 225  # the first cup: mashed, 225 g
    number, unit = parse_amount("1.00 x 0.5 cup, sliced")
    assert banana.to_grams(number, unit) == 75  # half of "1 cup, sliced = 150 g"


def test_a_glass_needs_the_foods_own_measure():
    juice = Measures.of("Orange juice", [(1, "cup", 249), (1, "fl oz", 31.1)])  # SR28 09209
    with pytest.raises(UnitError) as caught:
        juice.to_grams(1, "glass")
    assert str(caught.value) == (
        'a glass holds no one amount, and "Orange juice" has no measure of one: write how '
        "much (1 cup, 8 fl oz or 250 ml) or one of its measures (1 cup = 249 g, 1 fl oz = 31.1 g)"
    )
    wine = Measures.of("Wine, table, red", [(1, "fl oz", 30), (1, "glass", 180)])  # FNDDS
    assert wine.to_grams(2, "glasses") == 360


# --- no amount at all -----------------------------------------------------------------


def with_usual_portion(food_id: str, grams: float) -> FoodTable:
    """SR28 with a "Quantity not specified" portion added to one food (as FNDDS has)."""
    table = default_foods()
    extra = pd.DataFrame(
        [{"food_id": food_id, "seq": 99, "amount": 1.0,
          "description": "Quantity not specified", "grams": grams}]
    )  # fmt: skip
    measures = pd.concat([table.measures, extra]).sort_values(["food_id", "seq"], kind="stable")
    return FoodTable(
        foods=table.foods,
        measures=measures.reset_index(drop=True),
        aliases=table.aliases,
        source=table.source,
    )


def test_no_amount_takes_the_usual_portion_and_says_so(tmp_path):
    foods = with_usual_portion("09040", 126.0)  # FNDDS banana: Quantity not specified 126 g
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,meal,food\n2026-03-02,breakfast,banana\n2026-03-02,breakfast,2 eggs\n"
        "2026-03-03,snack,bananna\n"
    )
    read = read_diary(path, foods=foods)
    assert read.rows["grams"].tolist() == [126.0, 100.0, 126.0]  # 2 x FNDDS's 1 egg = 50 g
    assert read.rows["amount_assumed"].eq(True).tolist() == [True, False, True]
    report = screen(read, foods=foods)
    assert [r.line for r in report.amounts_assumed] == [2, 4]
    assert [r.line for r in report.fuzzy_matched] == [4]  # bananna
    table = render(report, "table")
    assumed = "2 rows without an amount, in a glass, bowl, mug, plate or handful of no "
    assumed += "stated size, or in a size their food is not weighed in, were read as a usual"
    assert assumed + " portion" in " ".join(table.split())
    assert "1 row matched a food by a fuzzy match" in " ".join(table.split())
    data = json.loads(render(report, "json"))
    assert [r["grams"] for r in data["amounts_assumed"]] == [126.0, 126.0]
    assert data["fuzzy_matched"][0]["food"] == "bananna"
    csv = pd.read_csv(__import__("io").StringIO(render(report, "csv")))
    assert csv["amounts_assumed"].tolist() == [2] * 8
    assert csv["fuzzy_matched"].tolist() == [1] * 8
    assert csv["foods_assumed"].tolist() == [0] * 8
    assert "2 rows without an amount" in " ".join(render(report, "html").split())


def test_no_amount_for_a_food_without_a_usual_portion_asks_for_one(tmp_path):
    path = tmp_path / "diary.csv"
    # SR28's cinnamon has no "Quantity not specified", nor an FNDDS twin to take it from
    path.write_text("date,food,amount\n2026-03-02,cinnamon,\n2026-03-02,banana,1\n")
    (rejected,) = read_diary(path).rejected
    assert rejected.reason is RejectReason.MISSING_VALUE
    assert rejected.message.startswith("no amount")


def test_an_sr28_food_takes_the_portions_of_its_fndds_twin(tmp_path):
    """SR28's bananas (09040) lack a usual portion and a banana-sized count; its FNDDS
    twin (63107010 "Banana, raw", fndds_twins.csv) has both: "Quantity not specified" =
    126 g and "1 banana" = 126 g (measures.csv). Its own measures still come first:
    "1 medium" is SR28's 118 g."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount,unit\n2026-03-02,banana,,\n2026-03-02,banana,1,medium\n"
        "2026-03-02,banana,2 bananas,\n"
    )
    rows = read_diary(path).rows
    assert rows["food_id"].tolist() == ["09040"] * 3
    assert rows["grams"].tolist() == [126.0, 118.0, 252.0]
    assert rows["amount_assumed"].tolist()[0] is True


def test_everyday_aliases_take_the_usual_portion_of_the_fndds_food_that_codes_them(tmp_path):
    """SR28's steak (13930) and merlot (14602) have no usual portion or glass; the FNDDS
    foods a survey codes them to (fndds_twins.csv: 21101120 "Beef, steak, broiled, lean
    and fat eaten"; 93401010 "Wine, table, red") weigh "Quantity not specified" 134 g
    and "1 glass" 180 g (measures.csv, from the Portions and Weights workbook)."""
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,steak,\n2026-03-02,glass of merlot,\n")
    read = read_diary(path)
    assert not read.rejected
    assert read.rows["food_id"].tolist() == ["13930", "14602"]
    assert read.rows["grams"].tolist() == [134.0, 180.0]
    assert read.rows["amount_assumed"].tolist()[0] is True


def test_an_assumed_food_is_counted(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,eggs,2\n2026-03-02,banana,1\n")
    read = read_diary(path)
    report = screen(read)
    assumed = read.rows[read.rows["match"] == MatchKind.ASSUMED.value]
    assert [r.line for r in report.foods_assumed] == assumed["line"].tolist()


# --- refusals -------------------------------------------------------------------------


def test_amounts_that_cannot_be_meant_are_refused_with_the_reason(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount,unit\n"
        "2026-03-02,40 cups of rice,,\n"  # 40 x 158 g = 6,320 g
        "2026-03-02,1 slice of milk,,\n"
        "2026-03-02,3 liters of bread,,\n"
        "2026-03-02,rice,1,cup\n"
    )
    read = read_diary(path)
    by_line = {r.line: r for r in read.rejected}
    assert by_line[2].reason is RejectReason.BAD_AMOUNT and "6,320 g" in by_line[2].message
    assert by_line[3].reason is RejectReason.UNKNOWN_UNIT and '"slice"' in by_line[3].message
    assert by_line[4].reason is RejectReason.UNKNOWN_UNIT
    assert "measures a drink" in by_line[4].message
    assert read.rows["grams"].tolist() == [158.0]


def test_many_times_the_largest_portion_is_refused(tmp_path):
    # SR28 18064 bread: largest measure 1 slice = 29 g; 25 slices = 725 g > 20 x 29 g
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food_id,amount,unit\n2026-03-02,18064,25,slice\n2026-03-02,18064,2,slice\n"
    )
    read = read_diary(path)
    (rejected,) = read.rejected
    assert "20 times its largest measure" in rejected.message
    assert read.rows["grams"].tolist() == [58.0]


def test_grams_written_are_taken_as_written(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,rice,4 kg\n")
    read = read_diary(path)
    assert read.rows["grams"].tolist() == [4000.0]
    assert "implausible" in read.rows["flag"][0]


@pytest.mark.parametrize(
    "food", ["magnesium glycinate", "ibuprofen", "Vitamin D 1000 IU", "calcium citrate",
             "2 tablets of paracetamol", "magnesium"],
)  # fmt: skip
def test_supplements_and_medicines_are_never_food(tmp_path, food):
    path = tmp_path / "diary.csv"
    path.write_text(f"date,food,amount\n2026-03-02,{food},1\n2026-03-02,banana,1\n")
    read = read_diary(path)
    (rejected,) = read.rejected
    assert rejected.reason is RejectReason.NOT_A_FOOD
    assert "--supplements" in rejected.message


@pytest.mark.parametrize("food", ["milk with vitamin d", "banana", "potassium broth", "salt"])
def test_foods_that_name_a_nutrient_are_still_food(food):
    assert not_food(food) is None


# --- every reader follows the grammar --------------------------------------------------


def test_loseit_quantity_without_units_counts(tmp_path):
    path = tmp_path / "loseit.csv"
    path.write_text(
        "Date,Name,Type,Quantity,Units,Calories,Sodium (mg)\n01/02/2020,Banana,Breakfast,2,,210,2\n"
    )
    assert read_diary(path).rows["grams"].tolist() == [236.0]  # 2 x 1 medium = 118 g


def test_mfp_food_diary_follows_the_grammar(tmp_path):
    path = tmp_path / "mfp.csv"
    path.write_text(
        "Date,Meal,Food,Serving,Calories,Sodium (mg)\n"
        '"January 1, 2019",Breakfast,Generic - Banana,2,210,2\n'
        '"January 1, 2019",Breakfast,Generic - Banana,100 g,89,1\n'
    )
    assert read_diary(path).rows["grams"].tolist() == [236.0, 100.0]


def test_batch_refuses_what_the_single_report_refuses(tmp_path):
    from screener.batch import screen_batch

    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount,unit\n"
        "2026-03-02,ana,banana,100,\n"  # 100 bananas: the old grams
        "2026-03-02,ana,rice,40,cups\n"  # 40 x 158 g
        "2026-03-02,ana,ibuprofen,1,\n"
        "2026-03-02,ana,eggs,2,\n"  # 2 x 1 medium = 44 g
        "2026-03-02,ben,banana,100,g\n"
    )
    single = read_diary(path)
    batch = screen_batch(path)
    rejected = batch.rejected.to_frame()
    assert rejected["line"].tolist() == [r.line for r in single.rejected] == [2, 3, 4]
    assert rejected["reason"].tolist() == [r.reason.value for r in single.rejected]
    assert rejected["message"].tolist() == [r.message for r in single.rejected]
    assert batch.rows_used == len(single.rows) == 2


def test_an_import_with_assumed_amounts_imports_again_unchanged(tmp_path):
    from screener.diary import import_frame
    from screener.output import frame_to_csv

    foods = with_usual_portion("09040", 126.0)
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,banana,\n2026-03-02,2 eggs,\n")
    first = frame_to_csv(import_frame(read_diary(path, foods=foods)))
    assert "amount_assumed" in first.splitlines()[0]
    again = tmp_path / "again.csv"
    again.write_text(first)
    assert frame_to_csv(import_frame(read_diary(again, foods=foods))) == first


def test_import_and_resolve_list_the_assumed_amounts(tmp_path):
    from click.testing import CliRunner

    from screener.cli import cli

    path = tmp_path / "diary.csv"
    path.write_text("date,food\n2026-03-02,caesar salad\n2026-03-02,chicken breast 150g\n")
    read = read_diary(path)
    assumed = read.rows[read.rows["amount_assumed"].eq(True)]
    assert assumed["line"].tolist() == [2]  # an FNDDS food: it has "Quantity not specified"
    for command in (["import", str(path)], ["resolve", str(path), "-o", str(tmp_path / "n.csv")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
        assert (
            "1 row(s) without an amount, in a glass, bowl, mug, plate or handful of no "
            "stated size, or in a size their food is not weighed in, were read as a usual "
            "portion"
        ) in result.stderr
        assert "line 2: caesar salad ->" in result.stderr


def test_a_large_bare_count_is_said(tmp_path):
    """30 of cheddar counts 30 of its unit, but may be grams written the old way: said."""
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,cheddar cheese,30\n2026-03-02,eggs,9\n")
    read = read_diary(path)
    (warning,) = [w for w in read.warnings if "bare number" in w]
    assert "1 row(s) count 10 or more" in warning and "line 2: 30 x" in warning


def test_batch_counts_what_was_assumed_in_the_days_chosen(tmp_path):
    import datetime as dt

    from screener.batch import screen_batch
    from screener.diary import choose_days
    from screener.models import Profile

    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount,unit\n"
        "2026-03-01,ana,bananna,1,medium\n"  # fuzzy, before the days chosen
        "2026-03-02,ana,bananna,1,medium\n"  # fuzzy
        "2026-03-02,ana,grilled chicken breast,150,g\n"  # assumed
        "2026-03-03,ana,banana,1,medium\n"
    )
    days = (dt.date(2026, 3, 2), None, None)
    batch = screen_batch(path, days=days).results
    single = screen(choose_days(read_diary(path), *days), Profile(), user="ana")
    assert (len(single.fuzzy_matched), len(single.foods_assumed)) == (1, 1)
    assert batch["fuzzy_matched"].tolist() == [1] * 8
    assert batch["foods_assumed"].tolist() == [1] * 8


# --- measures as the raw tables give them --------------------------------------------
# Expected grams read here from SR28's WEIGHT.txt and FNDDS's Portions and Weights
# workbook as released (../shared/data), never from the bundled tables or units.py.

FNDDS = SR28.parent / "fndds-2017-2018"
needs_raw = pytest.mark.skipif(
    not (SR28 / "WEIGHT.txt").is_file() or not FNDDS.is_dir(),
    reason=f"raw SR28 and FNDDS releases not found beside {SR28}",
)


@pytest.fixture(scope="module")
def sr28_weight() -> dict[tuple[str, str], float]:
    """(NDB number, measure description) -> grams of one, from SR28's WEIGHT.txt."""
    found: dict[tuple[str, str], float] = {}
    for line in (SR28 / "WEIGHT.txt").read_text(encoding="latin-1").splitlines():
        ndb, _, amount, description, grams = line.replace("~", "").split("^")[:5]
        found.setdefault((ndb, description), float(grams) / float(amount))
    return found


@pytest.fixture(scope="module")
def fndds_portions() -> list[tuple]:
    """(food code, main description, WWEIA category, portion description, grams), the
    food's own portions (no subcode), from the raw workbook."""
    from openpyxl import load_workbook

    book = load_workbook(
        FNDDS / "2017-2018 FNDDS At A Glance - Portions and Weights.xlsx",
        read_only=True, data_only=True,
    )  # fmt: skip
    rows = [row for row in book.worksheets[0].iter_rows(values_only=True) if row[0]][2:]
    book.close()
    return [(str(r[0]), r[1], r[5], str(r[7]), float(r[8])) for r in rows if r[2] is None]


def fndds_weight(portions: list[tuple], code: str, description: str) -> float:
    (grams,) = [g for c, _, _, d, g in portions if c == code and d == description]
    return grams


def read_rows(tmp_path, rows: list[tuple[str, str]]):
    """A meal log of (food as typed, food_id) rows: the food pinned by id, so the test
    is of the amount, read from the food's text as a person typed it."""
    path = tmp_path / "diary.csv"
    path.write_text("date,food,food_id\n" + "".join(f"2026-03-02,{f},{i}\n" for f, i in rows))
    return read_diary(path)


@needs_raw
def test_a_size_said_is_that_size_in_either_table(tmp_path, sr28_weight, fndds_portions):
    """SR28's pancakes (18293) have one 4" pancake and no size; its FNDDS twin (55101000,
    fndds_twins.csv) has "1 large pancake": that, not three 4" ones."""
    read = read_rows(tmp_path, [("3 large pancakes", "18293"), ("3 pancakes", "18293")])
    large = fndds_weight(fndds_portions, "55101000", "1 large pancake")
    own = sr28_weight[("18293", 'pancake (4" dia)')]
    assert read.rows["grams"].tolist() == [pytest.approx(3 * large), pytest.approx(3 * own)]


@needs_raw
def test_a_unit_named_as_one_of_two_is_the_first_measure_naming_it(tmp_path, fndds_portions):
    """FNDDS's beer (93101000, SR28 14003's twin) lists "1 can or bottle (12 fl oz)" before
    "1 bottle (40 fl oz)": a bottle of beer is the first measure that names a bottle."""
    read = read_rows(tmp_path, [("a bottle of beer", "14003"), ("2 bottles of beer", "93101000")])
    twelve = fndds_weight(fndds_portions, "93101000", "1 can or bottle (12 fl oz)")
    assert read.rows["grams"].tolist() == [twelve, 2 * twelve]


@needs_raw
def test_plural_counts_in_either_spelling(tmp_path, sr28_weight):
    """'cherries' counts SR28's "1 cherry" (09070); 'blueberries' its "50 berries" (09050),
    the tail of the food's own word; 'strawberries' its medium one."""
    read = read_rows(
        tmp_path,
        [("nine cherries", "09070"), ("10 blueberries", "09050"), ("2 cherries", "09070")],
    )
    cherry = sr28_weight[("09070", "cherry")]
    berry = sr28_weight[("09050", "berries")]  # per one of the 50
    assert read.rows["grams"].tolist() == pytest.approx([9 * cherry, 10 * berry, 2 * cherry])


@needs_raw
def test_a_slice_of_a_food_cut_in_pieces_is_a_piece(tmp_path, sr28_weight):
    """FNDDS writes "piece/slice" for one cut; a slice of SR28's cake (18140) is its first
    "piece (1/12 of a cake)", a piece of its bacon (10862) its "slice"."""
    read = read_rows(tmp_path, [("a slice of cake", "18140"), ("two pieces of bacon", "10862")])
    assert read.rows["grams"].tolist() == [
        sr28_weight[("18140", "piece (1/12 of a cake)")],
        2 * sr28_weight[("10862", "slice")],
    ]


@needs_raw
def test_fndds_weighs_no_vessel_but_a_glass_of_wine(fndds_portions):
    """The premise of VESSELS: FNDDS's "1 glass" portions are all of wines (WWEIA "Wine",
    nonalcoholic wines among "Fruit drinks", sangria among "Liquor and cocktails"); its
    bowls are packages; it has no mug, plate or handful at all."""
    glasses = [(name, category) for _, name, category, d, _ in fndds_portions if d == "1 glass"]
    assert glasses and all(
        category == "Wine" or re.search(r"wine|sangria|glug", name, re.I)
        for name, category in glasses
    )
    bowls = {d for *_, d, _ in fndds_portions if re.search(r"\bbowl\b", d, re.I)}
    assert bowls and not {re.sub(r"^[\d/. ]+", "", d).lower() for d in bowls} & {"bowl"}
    for word in ("mug", "plate", "handful"):
        assert not [d for *_, d, _ in fndds_portions if re.search(rf"\b{word}", d, re.I)]


@needs_raw
def test_a_vessel_is_the_foods_own_measure_or_one_usual_portion(
    tmp_path, fndds_portions, sr28_weight
):
    """A glass of wine is FNDDS's "1 glass"; a vessel the food has no measure of is a
    serving of unsaid size: its usual portion (FNDDS "Quantity not specified", of the
    food or of its FNDDS twin) each, marked assumed."""
    read = read_rows(
        tmp_path,
        [("a glass of wine", "93401010"), ("1 glass of orange juice", "09209"),
         ("a bowl of cereal", "57100100"), ("2 mugs of coffee", "14209"),
         ("a handful of almonds", "12061"), ("a plate of rice", "20045")],
    )  # fmt: skip
    usual = "Quantity not specified"
    # the SR28 foods' twins, as fndds_twins.csv pairs them: 09209 Orange juice, 100%,
    # NFS; 14209 Coffee, brewed; 12061 Almonds, NFS; 20045 Rice, white, cooked
    assert read.rows["grams"].tolist() == [
        fndds_weight(fndds_portions, "93401010", "1 glass"),  # Wine, table, red
        fndds_weight(fndds_portions, "61210000", usual),
        fndds_weight(fndds_portions, "57100100", usual),  # not its "prepackaged bowl"
        2 * fndds_weight(fndds_portions, "92101000", usual),
        fndds_weight(fndds_portions, "42100100", usual),
        fndds_weight(fndds_portions, "56205001", usual),
    ]
    assert read.rows["amount_assumed"].tolist() == [False, True, True, True, True, True]
    assert not read.rejected


def test_a_vessel_without_a_usual_portion_asks():
    juice = Measures.of("Orange juice", [(1, "cup", 249), (1, "fl oz", 31.1)])
    with pytest.raises(UnitError, match="a glass holds no one amount"):
        juice.portion_of(1, "glass")
    served = Measures.of("Orange juice", [(1, "cup", 249), (1, "Quantity not specified", 186)])
    assert served.portion_of(2, "glasses") == (372, True)
    assert served.portion_of(2, "cups") == (498, False)
    with pytest.raises(UnitError):  # a unit no vessel is no usual portion
        served.portion_of(1, "slice")


@settings(max_examples=100, deadline=None)
@given(
    st.from_regex(r"[a-z]{2,7}[bcdfghklmnprtvz]y", fullmatch=True),
    st.integers(1, 12),
    st.floats(1, 300, allow_nan=False).map(lambda g: round(g, 1)),
)
def test_a_count_in_y_reads_in_either_plural(word, number, grams):
    """A table writes "1 cherry"; a person "cherries": counted, bare or as the unit."""
    plural = word[:-1] + "ies"
    measures = Measures.of(f"{plural.capitalize()}, raw", [(1, "cup", 150), (1, word, grams)])
    assert measures.to_grams(number, "") == pytest.approx(number * grams)
    assert measures.to_grams(number, plural) == pytest.approx(number * grams)


# --- the amount cell speaks the same grammar ------------------------------------------

CELL_WORDS = {"a couple": 2, "a couple of": 2, "half": Fraction(1, 2), "half a": Fraction(1, 2),
              "a dozen": 12, "one and a half": Fraction(3, 2), **WORDS}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(CELL_WORDS.items())),
    st.sampled_from(["", "cup", "cups", "slice", "slices", "g", "large", "tbsp"]),
)
def test_an_amount_cell_in_words(word, unit):
    written, value = word
    if written in ("a", "an") and not unit:  # an article alone says no amount
        with pytest.raises(AmountError):
            parse_amount(f"{written} {unit}".strip())
        return
    assert parse_amount(f"{written} {unit}".strip()) == (float(value), unit)


@pytest.mark.parametrize("text", ["a few", "some", "several slices", "a lot of"])
def test_an_amount_cell_of_words_that_are_no_number(text):
    with pytest.raises(AmountError, match="is not a number: say how many"):
        parse_amount(text)


def test_an_amount_cell_in_words_reads_as_its_digits(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount,unit\n"
        "2026-03-02,eggs,31102000,two,\n2026-03-02,eggs,31102000,2,\n"
        "2026-03-02,rice,20045,half a cup,\n2026-03-02,rice,20045,1/2,cup\n"
        "2026-03-02,bread,18069,two slices,\n2026-03-02,bread,18069,2,slices\n"
    )
    grams = read_diary(path).rows["grams"].tolist()
    assert grams[0::2] == grams[1::2] and len(grams) == 6


def test_a_portion_or_packet_is_the_tables_serving_or_package():
    chips = Measures.of("Chips", [(1, "package", 18), (1, "serving", 57)])
    assert chips.portion_of(1, "packet") == (18, False)
    assert chips.portion_of(1, "pack") == (18, False)
    assert chips.portion_of(2, "portions") == (114, False)
    # a serving the food has no measure of is one of unsaid size: its usual portion
    stew = Measures.of("Stew", [(1, "cup", 240), (1, "Quantity not specified", 300)])
    for said in ("serving", "portion", "helping"):
        assert stew.portion_of(1, said) == (300, True)
    with pytest.raises(UnitError):
        Measures.of("Stew", [(1, "cup", 240)]).portion_of(1, "portion")


@needs_raw
def test_a_spoon_of_instant_coffee_is_the_powder(tmp_path, sr28_weight):
    """A spoon of instant coffee: "2 tsp instant coffee" is two teaspoons of SR28's
    14214 "Beverages, coffee, instant, regular, powder" (1 tsp = 1 g in WEIGHT.txt), not
    10 ml of 14215 "…, prepared with water"; a cup of it is the drink. Batch reads it
    alike."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,user,food,amount\n"
        "2026-03-02,ana,instant coffee,2 tsp\n"
        "2026-03-02,ana,instant coffee,1 cup\n"
        "2026-03-02,ana,Coffee instant reconstituted,1 tbsp\n"
    )
    read = read_diary(path)
    assert read.rows["food_id"].tolist() == ["14214", "14215", "92191100"]
    assert read.rows["grams"].tolist()[:2] == [
        2 * sr28_weight[("14214", "tsp")],
        8 * sr28_weight[("14215", "fl oz")],  # a cup is 8 fl oz of it
    ]
    from screener.batch import screen_batch
    from screener.models import Profile

    report = screen(read, Profile(), user="ana")
    batch = screen_batch(path).results.set_index("nutrient")["mean_daily_intake"]
    for result in report.results:
        assert batch[result.nutrient.value] == pytest.approx(result.mean_daily_intake)


@needs_raw
def test_a_scoop_of_ice_cream_is_fnddss_scoop(tmp_path, fndds_portions):
    # SR28 19095 "Ice creams, vanilla" has no scoop; its twin FNDDS 13110100 "Ice
    # cream, vanilla" (the same values) weighs "1 scoop"
    read = read_rows(tmp_path, [("2 scoops of ice cream", "19095")])
    assert read.rows["grams"].tolist() == [2 * fndds_weight(fndds_portions, "13110100", "1 scoop")]


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("large", 1, "large"),
        ("cup", 1, "cup"),
        ("slice", 1, "slice"),
        ("large bowl", 1, "large bowl"),
    ],
)
def test_a_unit_alone_in_the_amount_cell_is_one_of_it(text, number, unit):
    assert parse_amount(text) == (number, unit)


@pytest.mark.parametrize(("text", "problem"), [("slices", "no number"), ("g", "not a number")])
def test_a_plural_or_a_weight_alone_is_no_amount(text, problem):
    with pytest.raises(AmountError, match=problem):
        parse_amount(text)


def test_a_pot_of_yogurt_is_its_container():
    yogurt = Measures.of("Yogurt", [(1, "container (6 oz)", 170), (1, "cup", 245)])
    assert yogurt.to_grams(1, "pot") == 170


@needs_raw
def test_a_size_of_the_foods_own_word_is_that_size(tmp_path, sr28_weight):
    """Cronometer writes "3.00 large egg": FNDDS's cooked egg counts "1 egg" only; its
    SR28 twin (01123, fndds_twins.csv) weighs a large one."""
    read = read_rows(tmp_path, [("3 large egg", "31102000")])
    assert read.rows["grams"].tolist() == [3 * sr28_weight[("01123", "large")]]


# --- a measure borrowed where the food's own table has none of the unit -------------------
# (units.Measures.reading, foods.FoodTable.lender). Grams expected from SR28's WEIGHT.txt
# as released, never from the bundled tables.


def read_in(tmp_path, rows: list[tuple[str, str]], table: str):
    """read_rows, with the foods of --table TABLE."""
    from screener.foods import load_foods

    path = tmp_path / "diary.csv"
    path.write_text("date,food,food_id\n" + "".join(f"2026-03-02,{f},{i}\n" for f, i in rows))
    return read_diary(path, foods=load_foods(tables=table))


@needs_raw
def test_a_national_food_borrows_the_measure_of_the_us_food_its_name_matches(tmp_path, sr28_weight):
    """CIQUAL has no measures at all. Its "Banana, pulp, raw" (13005) is SR28's "Bananas,
    raw" (09040) by name: a banana is SR28's medium one; "Cheddar cheese, from cow's
    milk" (12726) SR28's "Cheese, cheddar" (01009), a slice "slice (1 oz)"; "Rice, raw"
    (9100) SR28's long-grain rice (20044), a cup its "cup"."""
    read = read_in(
        tmp_path,
        [("a banana", "ciqual:13005"), ("2 slices of cheddar", "ciqual:12726"),
         ("1 cup of rice", "ciqual:9100")],
        "ciqual",
    )  # fmt: skip
    assert not read.rejected
    rows = read.rows
    assert rows["grams"].tolist() == [
        sr28_weight[("09040", 'medium (7" to 7-7/8" long)')],
        2 * sr28_weight[("01009", "slice (1 oz)")],
        sr28_weight[("20044", "cup")],
    ]
    assert rows["amount_assumed"].tolist() == [True] * 3  # counted as assumed amounts
    assert rows["flag"].tolist() == [
        f'borrowed measure: SR28 {ndb} "{name}" (the US food its name matches; CIQUAL 2020 '
        "has no such measure)"
        for ndb, name in (("09040", "Bananas, raw"), ("01009", "Cheese, cheddar"),
                          ("20044", "Rice, white, long-grain, regular, raw, enriched"))
    ]  # fmt: skip


@needs_raw
def test_a_borrowed_measure_is_judged_by_the_lenders_largest(tmp_path, sr28_weight):
    """30 croissants of CIQUAL's (7602, no measures: no largest of its own) are SR28
    18239's medium ones (57 g), 1,710 g: below the 3 kg any row may weigh, but more than
    20 of the largest croissant either US table weighs, so refused as for SR28's own."""
    read = read_in(
        tmp_path, [("30 croissants", "ciqual:7602"), ("croissant 50 g", "ciqual:7602")], "ciqual"
    )
    assert sr28_weight[("18239", "croissant, medium")] == 57
    (refused,) = read.rejected
    assert refused.reason is RejectReason.BAD_AMOUNT
    assert "is 1,710 g, more than 20 times its largest measure" in refused.message
    sr28 = read_rows(tmp_path, [("30 croissants", "18239"), ("croissant 50 g", "18239")])
    assert [r.reason for r in sr28.rejected] == [RejectReason.BAD_AMOUNT]


def test_a_national_food_with_no_us_namesake_is_refused_saying_so(tmp_path):
    # AFCD's baby spinach: the US food its name matches is a spinach pasta, no spinach
    read = read_in(
        tmp_path, [("1 cup of spinach", "afcd:F008749"), ("spinach 50 g", "afcd:F008749")], "afcd"
    )
    (refused,) = read.rejected
    assert refused.reason is RejectReason.UNKNOWN_UNIT
    assert refused.message.endswith(
        '; AFCD Release 2 has none, and the US food its name matches ("Pasta, '
        'fresh-refrigerated, spinach, as purchased") is another food: no measure borrowed'
    )


@needs_raw
def test_an_sr28_food_with_no_volume_borrows_a_siblings_density(tmp_path, sr28_weight):
    """SR28's raw cashews (12087) weigh only "1 oz", and have no FNDDS twin; dry roasted
    ones (12085, "Nuts, cashew nuts, …" too) weigh "cup, halves and whole". Its canned
    drained kidney beans (16145) weigh only a can; their rinsed form (16335) a cup. The
    Cronometer rows that were refused."""
    path = tmp_path / "diary.csv"  # as Cronometer writes them: name, amount
    path.write_text(
        'date,food,amount\n2024-01-02,"Cashews, raw",1.00 cup\n'
        '2024-01-02,"Kidney beans, canned, drained","1.69 cup, whole pieces"\n'
    )
    read = read_diary(path)
    assert not read.rejected
    assert read.rows["food_id"].tolist() == ["12087", "16145"]
    assert read.rows["grams"].tolist() == pytest.approx(
        [
            sr28_weight[("12085", "cup, halves and whole")],
            1.69 * sr28_weight[("16335", "cup cup rinsed solids")],
        ]
    )
    assert read.rows["flag"].tolist() == [
        'borrowed density: SR28 12085 "Nuts, cashew nuts, dry roasted, without salt added" '
        "(another form of it, with a volume measure)",
        'borrowed density: SR28 16335 "Beans, kidney, red, mature seeds, canned, drained '
        'solids, rinsed in tap water" (another form of it, with a volume measure)',
    ]
    assert read.rows["amount_assumed"].tolist() == [True, True]


def test_only_a_density_is_borrowed_from_a_sibling(tmp_path):
    # a handful is no volume: the raw cashews' own "1 oz" is all there is, and it says so
    read = read_rows(
        tmp_path,
        [("a handful of cashews", "12087"), ("a cup of butterfish", "15007"),
         ("butterfish 50 g", "15007")],
    )  # fmt: skip
    handful, butterfish = read.rejected
    assert "a handful holds no one amount" in handful.message
    assert butterfish.message.endswith(
        "; no other form of it has a volume measure to borrow a density from"
    )


def test_the_report_lists_the_borrowed_rows_and_details_mark_them(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount,unit\n2026-03-02,banana,ciqual:13005,1,\n"
        "2026-03-02,milk,ciqual:19024,250,g\n"
    )
    from screener.foods import load_foods
    from screener.models import Profile
    from screener.report import details_frame

    report = screen(read_diary(path, foods=load_foods(tables="ciqual")), Profile())
    (row,) = report.amounts_assumed
    assert (row.line, row.borrowed) == (2, 'SR28 09040 "Bananas, raw"')
    text = " ".join(render(report, "table").split())
    assert (
        "1 row were read by another food's measure, their own table having none of the unit "
        'written: line 2 "banana", 118 g by SR28 09040 "Bananas, raw".'
    ) in text
    details = details_frame(report)
    banana = details[(details["kind"] == "row") & (details["line"] == 2)].iloc[0]
    assert banana["amount_assumed"] == True  # noqa: E712
    assert banana["flag"].startswith('borrowed measure: SR28 09040 "Bananas, raw"')
    assert json.loads(render(report, "json"))["amounts_assumed"][0]["borrowed"] == (
        'SR28 09040 "Bananas, raw"'
    )


def test_a_batch_reads_borrowed_measures_as_a_single_diary_does(tmp_path):
    from screener.batch import screen_batch
    from screener.foods import load_foods
    from screener.models import Profile

    path = tmp_path / "family.csv"
    path.write_text(
        "date,user,food,amount\n2026-03-02,ana,a banana,\n2026-03-02,ana,2 slices of cheddar,\n"
        "2026-03-03,ana,1 cup of rice,\n2026-03-03,ana,30 croissants,\n2026-03-03,ana,2 eggs,\n"
    )
    foods = load_foods(tables="ciqual")
    single = screen(read_diary(path, foods=foods), Profile(), user="ana")
    batch = screen_batch(path, foods=foods).results
    assert batch["amounts_assumed"].tolist() == [len(single.amounts_assumed)] * len(batch)
    means = batch.set_index("nutrient")["mean_daily_intake"]
    for result in single.results:
        assert means[result.nutrient.value] == pytest.approx(result.mean_daily_intake)


def test_a_bag_of_crisps_is_a_single_serving_bag():
    # FNDDS's potato chips are weighed by the bag a person eats ("medium single serving
    # bag", 57 g in the Portions and Weights workbook), not SR28's 8 oz bag (227 g)
    read = read_diary("week.csv", data=b"date,food,amount\n2026-03-02,bag of crisps,\n")
    assert read.rows["grams"].tolist() == [57.0]


def test_a_size_first_is_one_of_that_size(tmp_path):
    """ "large coffee" is "a large coffee": FNDDS 92101000 "Coffee, brewed" weighs "1
    large" 600 g (measures.csv, from the Portions and Weights workbook), where its usual
    portion is 360 g. A size the food is not weighed in is one of a size left unsaid,
    its usual portion of that size, assumed: a large orange juice 1.5 times its 248 g
    ("Quantity not specified"; SIZE_SHARE: FNDDS's own large/medium); and a popcorn's
    one count, a kernel (0.2 g), is no small popcorn: 2/3 of its usual portion, 20 g."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount\n2026-03-02,large coffee,\n2026-03-02,a large coffee,\n"
        "2026-03-02,large orange juice,\n2026-03-02,orange juice,large\n"
        "2026-03-02,small popcorn,\n"
    )
    read = read_diary(path)
    assert not read.rejected
    assert read.rows["grams"].tolist() == pytest.approx([600, 600, 372, 372, 20 * 2 / 3])
    assert read.rows["amount_assumed"].tolist() == [False, False, True, True, True]


def test_a_size_the_table_names_a_food_by_stays_in_its_name():
    # SR28 names a variety of lima beans by its size ("Lima beans, large, …"), and a
    # pizza's crust, not the pizza, is "medium" in "…, medium crust"
    found = resolve_names(["large lima beans", "medium pizza"])
    assert "large" in str(found["large lima beans"].name).lower()
    assert "medium crust" not in str(found["medium pizza"].name).lower()


def test_everyday_words_for_units_and_sizes(tmp_path):
    """A tin is a can, a rasher or strip of bacon a slice (SR28 10862's "1 slice" 11.5
    g), a stubby a bottle; "big" and "little" are large and small where they say the
    size of a vessel ("a big plate of", "small glass": a vessel of no stated size, the
    food's usual portion, assumed); "a big mac" stays a food."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount\n2026-03-02,bacon,3 rashers\n2026-03-02,bacon,2 strips\n"
        "2026-03-02,orange juice,small glass\n2026-03-02,a big plate of spaghetti,\n"
        "2026-03-02,a big mac,\n"
    )
    read = read_diary(path)
    assert not read.rejected
    rows = read.rows
    assert rows["grams"].tolist()[:2] == [34.5, 23.0]
    assert rows["amount_assumed"].tolist()[2:4] == [True, True]
    assert "big mac" in str(rows["name"].tolist()[4]).lower()


def test_a_package_is_no_medium_one_of_a_food(tmp_path):
    # SR28's graham crackers (digestives) count "1 cracker" 15 g; their FNDDS twin's
    # "small or medium single serving bag" (45 g) is what holds some, no medium one
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,digestives,3\n")
    assert read_diary(path).rows["grams"].tolist() == [45.0]


def test_a_bare_number_counts_what_the_name_says(tmp_path):
    """FNDDS 71103105 (the alias "new potatoes") weighs "1 new potato" 60 g, where its
    natural unit is a medium potato (170 g); SR28's tomatoes weigh "1 cherry" 17 g (its
    natural unit: a medium one, 123 g); "pint of lager, 2" is 2 US pints, 32 fl oz of
    SR28 14003 beer at its 29.7 g a fl oz (950.4 g), not 2 of its 356 g cans."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,amount\n2026-03-02,6 new potatoes,\n2026-03-02,new potatoes,6\n"
        "2026-03-02,10 cherry tomatoes,\n2026-03-02,pint of lager,2\n"
        "2026-03-02,Oreos,3\n2026-03-02,tortilla chips,10\n2026-03-02,2 salmon fillets,\n"
    )
    # (and FNDDS 53209015's "1 Oreo sandwich", 11 g, of "Oreos": not the "Oreo mini
    # sandwich" its word "oreo" first heads, 3 g; SR28 19056's tortilla chips count
    # their FNDDS twin's "1 chip", 3 g, not its natural unit, a 28 g bag; of FNDDS
    # 26137160's small, medium and large fillets, the medium one, 227 g)
    grams = read_diary(path).rows["grams"].tolist()
    assert grams == [360.0, 360.0, 170.0, 950.4, 33.0, 30.0, 454.0]


def test_a_bare_number_is_a_regular_one_not_a_small_or_half_one(tmp_path):
    # FNDDS 27550720 "Tuna salad sandwich, on bread" weighs a "regular sandwich" 180 g and
    # a "sandwich (1 slice bread)" 90 g; 51000200 "Roll, NS as to major flour" a
    # "medium/regular/sandwich size roll" 43 g and a "miniature/small roll" 28 g
    path = tmp_path / "diary.csv"
    path.write_text("date,food,amount\n2026-03-02,27550720,1\n2026-03-02,51000200,1\n")
    assert read_diary(path).rows["grams"].tolist() == [180.0, 43.0]


def test_a_whole_to_share_is_no_usual_portion(tmp_path):
    """SR28 05112 "Chicken, roasting, meat and skin, cooked, roasted" weighs only "0.5
    chicken, bone removed" (480 g in WEIGHT.txt, so a whole one 960 g) and has no FNDDS
    twin: a row without an amount is asked for one, never read as a whole chicken. Its
    broiler's twin (05009 -> FNDDS 24102010) gives that one FNDDS's usual portion, 85 g."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id\n2026-03-02,roast chicken,05112\n2026-03-02,roast chicken,05009\n"
    )
    read = read_diary(path)
    assert [r.line for r in read.rejected] == [2]
    assert read.rows["grams"].tolist() == [85.0]
    assert read.rows["amount_assumed"].tolist() == [True]


def test_a_side_or_a_pack_of_one_is_one_usual_portion(tmp_path):
    """ "a side" is a serving; a packet, pack or bag of a food not weighed so is one
    portion: FNDDS's "Quantity not specified" (58145112 macaroni and cheese 230 g; SR28
    08121 oatmeal's twin 56203055, 240 g), assumed. A food weighed in bags keeps its bag
    (FNDDS 71200010 potato chips: "medium single serving bag", 57 g)."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount\n2026-03-02,mac and cheese,58145112,side\n"
        "2026-03-02,oatmeal,08121,1 packet\n2026-03-02,chips,71200010,1 bag\n"
    )
    rows = read_diary(path).rows
    assert rows["grams"].tolist() == [230.0, 240.0, 57.0]
    assert rows["amount_assumed"].tolist() == [True, True, False]


def test_a_piece_or_a_sandwich_of_a_food_counted_whole(tmp_path):
    """FNDDS 24198729 "Chicken nuggets, NFS" counts "1 nugget" 16 g and 27510521
    "Hamburger, NFS" "1 hamburger" 145 g: 4 pieces are 4 nuggets, a sandwich a
    hamburger. A piece of a food counted in bits is none (FNDDS 54403001 "Popcorn, NFS":
    no kernel is a piece)."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount\n2026-03-02,nuggets,24198729,4 pieces\n"
        "2026-03-02,hamburger,27510521,1 sandwich\n2026-03-02,popcorn,54403001,2 pieces\n"
    )
    read = read_diary(path)
    assert read.rows["grams"].tolist() == [64.0, 145.0]
    assert [r.line for r in read.rejected] == [4]


def test_a_regular_one_is_a_medium_one_where_none_is_regular(tmp_path):
    """FNDDS 92101900 "Coffee, Latte" weighs small 360, medium 480 and large 600 g, no
    "regular"; SR28 09040 bananas weigh "1 medium" 118 g."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount\n2026-03-02,latte,92101900,regular\n"
        "2026-03-02,banana,09040,1 regular\n"
    )
    assert read_diary(path).rows["grams"].tolist() == [480.0, 118.0]


@needs_raw
def test_a_size_of_a_usual_portion_is_fnddss_own_share_of_a_medium_one(fndds_portions):
    """A small or large one of a food not weighed in that size is its usual portion times
    FNDDS's median small/medium and large/medium (over the foods it weighs "small",
    "medium" and "large", computed here from the raw workbook)."""
    from screener.units import SIZE_SHARE

    sizes: dict[tuple[str, str], dict[str, float]] = {}
    for code, _, _, said, grams in fndds_portions:
        said = said.lower().strip().removeprefix("1 ")
        for size in ("small", "medium", "large"):
            if re.fullmatch(rf"{size}( [a-z]+)?", said):
                sizes.setdefault((code, said[len(size) :].strip()), {}).setdefault(size, grams)
    for size in ("small", "large"):
        shares = [s[size] / s["medium"] for s in sizes.values() if size in s and s.get("medium")]
        assert len(shares) > 500
        assert SIZE_SHARE[size] == pytest.approx(statistics.median(shares), abs=0.01)


def test_a_sized_vessel_is_that_size_of_a_usual_portion(tmp_path):
    # FNDDS 61210000 "Orange juice, 100%, NFS": "Quantity not specified" 248 g, no glass
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount\n2026-03-02,orange juice,61210000,small glass\n"
        "2026-03-02,orange juice,61210000,1 glass\n2026-03-02,orange juice,61210000,large\n"
    )
    rows = read_diary(path).rows
    assert rows["grams"].tolist() == pytest.approx([248 * 2 / 3, 248, 248 * 1.5])
    assert rows["amount_assumed"].all()


def test_a_packet_is_no_hundred_calorie_package(tmp_path):
    # FNDDS 71200010 potato chips: "small single serving bag" 28 g, "100 calorie
    # package" 18 g, "Quantity not specified" 28 g
    path = tmp_path / "diary.csv"
    path.write_text("date,food,food_id,amount\n2026-03-02,crisps,71200010,1 packet\n")
    assert read_diary(path).rows["grams"].tolist() == [28.0]


def test_a_drink_counts_in_drinks_and_a_katori_is_a_bowl(tmp_path):
    """FNDDS 93301100 "Margarita" weighs "1 drink" 225 g: a bare 2 is two drinks. A
    katori is the small bowl a South Asian meal is served in: a bowl, of no stated size,
    the usual portion (FNDDS 41311030 "Lentil curry", 240 g), assumed."""
    path = tmp_path / "diary.csv"
    path.write_text(
        "date,food,food_id,amount\n2026-03-02,margarita,93301100,2\n"
        "2026-03-02,dal,41311030,1 katori\n"
    )
    rows = read_diary(path).rows
    assert rows["grams"].tolist() == [450.0, 240.0]
    assert rows["amount_assumed"].tolist() == [False, True]
