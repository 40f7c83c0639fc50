from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screener.units import (
    AmountError,
    Measures,
    UnitError,
    canonical_unit,
    measure_words,
    parse_amount,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150", (150.0, "")), ("150 g", (150.0, "g")), ("150g", (150.0, "g")),
        ("1/2 cup", (0.5, "cup")), ("1 1/2 cups", (1.5, "cups")), ("1.5 oz", (1.5, "oz")),
        (".5", (0.5, "")), ("½ cup", (0.5, "cup")), ("1½ cups", (1.5, "cups")),
        ("2 slices", (2.0, "slices")), ("1.00 medium", (1.0, "medium")),
        ("0.52 Serving (22 tsp, whole pieces)", (0.52, "Serving (22 tsp, whole pieces)")),
    ],
)  # fmt: skip
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [("-1", "must be more than 0"), ("0", "must be more than 0"), ("abc", "is not a number"),
     ("", "is not a number"), ("1/0", "divides by zero")],
)  # fmt: skip
def test_bad_amounts(text, problem):
    with pytest.raises(AmountError, match=problem):
        parse_amount(text)


# (1\u20442, with the fraction slash, is one half: issue 24's grammar reads it as 1/2)
@pytest.mark.parametrize("text", ["1e-320", "1e-320 g", "1E+5 g", "10\u00b2", "10\u00b2 g"])
def test_a_number_written_as_no_amount_is_said_to_be_no_number(text):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert str(caught.value) == f"amount {text!r} is not a number (write e.g. 150, 1.5 or 1/2)"


def test_a_number_written_as_no_amount_beside_a_unit_is_no_number_not_two_units(tmp_path):
    from screener.diary import read_diary

    path = tmp_path / "log.csv"
    path.write_text(
        "date,food,amount,unit\n2026-03-02,09040,100,g\n2026-03-02,09040,1\u20442,cup\n"
        "2026-03-02,09040,1e-320,g\n2026-03-02,09040,10\u00b2,g\n",
        encoding="utf-8",
    )
    read = read_diary(path)
    # 1\u20442 cup is half a cup: half of SR28's "1 cup, mashed = 225 g"
    assert read.rows["grams"].tolist() == [100.0, 112.5]
    assert [r.message for r in read.rejected] == [
        "amount '1e-320' is not a number (write e.g. 150, 1.5 or 1/2)",
        "amount '10\u00b2' is not a number (write e.g. 150, 1.5 or 1/2)",
    ]


@pytest.mark.parametrize(
    ("written", "key"),
    [("grams", "g"), ("Tablespoons", "tbsp"), ("tbs", "tbsp"), ("T", "tbsp"), ("t", "tsp"),
     ("cups", "cup"), ("fl. oz", "fl oz"), ("lbs", "lb"), ("slices", "slice"),
     ("Medium", "medium"), ("ml", "ml"), ("litres", "l")],
)  # fmt: skip
def test_canonical_units(written, key):
    assert canonical_unit(written) == key


def banana() -> Measures:
    from screener.foods import default_foods

    table = default_foods()
    return Measures.of("Bananas, raw", table.measure_list("09040"))


def test_mass_units_convert_for_any_food():
    m = banana()
    assert m.to_grams(2, "oz") == pytest.approx(56.69904625)
    assert m.to_grams(1, "lb") == pytest.approx(453.59237)
    assert m.to_grams(0.5, "kg") == 500
    assert m.to_grams(150, "g") == 150


def test_household_measures_and_volumes_use_the_foods_own_measures():
    m = banana()
    assert m.to_grams(1, "medium") == 118  # SR28: 1 medium (7" to 7-7/8" long) = 118 g
    assert m.to_grams(2, "large") == 272
    assert m.to_grams(1, "cup") == 225  # the first cup measure: cup, mashed = 225 g
    # a tablespoon is 1/16 US cup: 225 g / 16 = 14.0625 g
    assert m.to_grams(1, "tbsp") == pytest.approx(14.0625)
    assert m.to_grams(3, "tsp") == pytest.approx(14.0625)  # 3 tsp = 1 tbsp
    # ml measure drinks: 100 ml of milk, whose cup (236.5882365 ml) is 244 g:
    # 244 x 100 / 236.5882365 = 103.1327 g
    milk = Measures.of("Milk, whole", [(1, "cup", 244), (1, "fl oz", 30.5)])
    assert milk.to_grams(100, "ml") == pytest.approx(103.1327, abs=1e-4)


def test_unconvertible_unit_lists_the_foods_measures():
    with pytest.raises(UnitError) as caught:
        banana().to_grams(1, "bucket")
    assert str(caught.value).startswith(
        'unit "bucket" cannot be converted for "Bananas, raw": use g, oz, lb or one of its '
        "measures (1 cup, mashed = 225 g, 1 cup, sliced = 150 g"
    )


@pytest.mark.parametrize(
    ("amount", "unit", "grams"),
    [
        # the international avoirdupois pound (1959) is 453.59237 g exactly, the ounce 1/16 lb
        (1, "oz", 28.349523125),
        (16, "oz", 453.59237),
        (2, "lb", 907.18474),
        (0.25, "kg", 250.0),
        (1500, "mg", 1.5),
        (42, "g", 42.0),
    ],
)
def test_mass_units_by_their_definitions(amount, unit, grams):
    assert banana().to_grams(amount, unit) == pytest.approx(grams, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "ml"),
    [
        # US customary: a gallon is 231 cubic inches = 3785.411784 ml; cup = gallon / 16,
        # fl oz = cup / 8, tbsp = cup / 16, tsp = cup / 48, pint = 2 cups, quart = 4 cups
        ("cup", 236.5882365),
        ("fl oz", 29.5735295625),
        ("tbsp", 14.78676478125),
        ("tsp", 4.92892159375),
        ("pint", 473.176473),
        ("quart", 946.352946),
        ("l", 1000.0),
        ("ml", 1.0),
    ],
)
def test_volume_units_by_their_definitions(unit, ml):
    """A food whose only measure is 1 ml = 1 g weighs its volume in ml."""
    water = Measures.of("Test water", [(1.0, "ml", 1.0)])
    assert water.to_grams(1, unit) == pytest.approx(ml, rel=1e-12)


def test_a_size_word_of_one_measure_picks_it():
    from screener.foods import default_foods

    table = default_foods()
    # SR28 11674: "potato medium" = 173 g (the food's own word before the size)
    potato = Measures.of("Potatoes, baked", table.measure_list("11674"))
    assert potato.to_grams(2, "medium") == 2 * 173


def test_a_size_word_of_several_measures_is_an_error_that_lists_them():
    measures = Measures.of(
        "Test pie", [(1.0, "piece, small", 100.0), (1.0, "slice small", 80.0), (1.0, "cup", 200)]
    )
    with pytest.raises(UnitError, match=r'"small" fits several measures .*\(piece small, slice'):
        measures.to_grams(1, "small")


@pytest.mark.parametrize(
    ("written", "key"),
    [("serving(s)", "serving"), ("lb(s)", "lb"), ("ounce(s)", "oz"), ("tbsp(s)", "tbsp"),
     ("C", "cup"), ("c", "cup"), ("Servings", "serving")],
)  # fmt: skip
def test_app_units(written, key):
    assert canonical_unit(written) == key


@pytest.mark.parametrize(
    ("amount", "unit", "grams"),
    [(0.5, "cup (78g)", 78.0), (2, "patty 151g.", 302.0),
     (1, "container (5.3 oz)", 5.3 * 28.349523125), (3, "slice", None),
     (1, "giant cookie", None)],
)  # fmt: skip
def test_weights_written_inside_the_unit(amount, unit, grams):
    from screener.units import written_grams

    found = written_grams(amount, unit)
    assert found == pytest.approx(grams) if grams is not None else found is None


UNITS_WRITTEN = ["", "g", "cup", "cups", "oz", "tbsp", "slice", "medium", "serving(s)"]


@given(
    st.one_of(
        st.integers(1, 999_999).map(lambda n: (f"{n:,}" if n >= 1000 else str(n), float(n))),
        st.decimals("0.01", "999", places=2).map(lambda d: (str(d), float(d))),
        st.tuples(st.integers(1, 9), st.integers(2, 16)).map(
            lambda f: (f"{f[0]}/{f[1]}", f[0] / f[1])
        ),
        st.tuples(st.integers(1, 9), st.integers(1, 3), st.integers(4, 8)).map(
            lambda m: (f"{m[0]} {m[1]}/{m[2]}", m[0] + m[1] / m[2])
        ),
    ),
    st.sampled_from(UNITS_WRITTEN),
)
def test_the_amount_grammar_reads_what_it_accepts_exactly(number, unit):
    written, value = number
    if value <= 0:
        return
    assert parse_amount(f"{written} {unit}".strip()) == (pytest.approx(value), unit)


@given(
    st.integers(1, 99),
    st.sampled_from(["-3", " - 3", "–3", " to 4", ",5", "e5", "_000", "/2/3", "x10", ".2.3"]),
    st.sampled_from(["", " g", " slices"]),
)
def test_what_the_grammar_refuses_is_named(number, tail, unit):
    text = f"{number}{tail}{unit}"
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert repr(text) in str(caught.value)
    if tail.strip()[:1] in "-–" or "to" in tail:
        assert "is a range: write one amount" in str(caught.value)


@pytest.mark.parametrize(
    "text", ["1" + "0" * 400, "1" + "0" * 400 + "/2 cup", "1 1" + "0" * 400 + "/3"]
)
def test_an_amount_beyond_any_float_is_too_large_not_infinite(text):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert str(caught.value) == f"amount {text!r} is too large to be an amount"


@pytest.mark.parametrize(
    ("food_id", "unit", "grams"),
    [
        # Cronometer writes a measure with what it is after " - " (from measures.csv:
        # SR28 bananas "1 large (8" to 8-7/8" long)" = 136 g; beer "1 can" = 356 g)
        ("09040", 'large - 8" to 8 7/8" long', 136.0),
        ("14003", "can - each 12 fl oz", 356.0),
        # a size and a unit in either order: white bread "1 slice, large" = 30 g
        ("18069", "large slice", 30.0),
        # a medium one of a unit the food has in one plain size: "1 slice" = 29 g
        ("18069", "medium slice", 29.0),
        # a serving the text weighs in other units: 2 medium slices = 2 x 29 g
        ("18069", 'Serving (2 medium slice - 4 1/2" x 4 1/4" x 1/2")', 58.0),
        # a size of a food FNDDS counts in its own word: "1 banana" = 126 g
        ("63107010", 'medium (7" to 7-7/8" long)', 126.0),
        ("63107010", "large", 126.0),
    ],
)
def test_cronometer_measures_and_sizes(full_foods, food_id, unit, grams):
    food = full_foods.get(food_id)
    measures = Measures.of(str(food["name"]), full_foods.measure_list(food_id))
    assert measures.to_grams(1.0, unit) == pytest.approx(grams)


@pytest.mark.parametrize(
    ("cronometer", "table"),
    [
        # Cronometer writes SR28's measures in its own punctuation
        ('medium - 2 1/2" diameter', 'medium (2-1/2" dia)'),
        ('large slice - 1/4" thick', 'slice, large (1/4" thick)'),
        ('medium - head - 6" diameter', 'head, medium (6" dia)'),
    ],
)
def test_a_measure_s_words_do_not_depend_on_its_punctuation(cronometer, table):
    assert measure_words(cronometer) == measure_words(table)


def test_a_measure_found_by_its_words():
    melon = Measures.of(
        "Melon",
        [(1, "cup, balls", 177), (1, 'melon (5-1/4" dia)', 1000), (1, "wedge, small", 50),
         (1, 'wedge (1/8 of 5-1/4" dia melon)', 125)],
    )  # fmt: skip
    # the very words, in another order and punctuation
    assert melon.to_grams(2, "balls - cup") == 2 * 177
    # its sizes in numbers, and a word of the measure: the melon, not a small wedge
    assert melon.to_grams(1, 'small - 5 1/4" diameter') == 1000
    # "small wedge" is "wedge, small", not the wedge of a small melon
    assert melon.to_grams(1, "small wedge") == 50
    slices = Measures.of(
        "Pineapple",
        [(1, 'slice (4-2/3" dia x 3/4" thick)', 166), (1, 'slice (3-1/2" dia x 3/4" thick)', 84)],
    )
    # all the words of one measure but "thick"
    assert slices.to_grams(2, 'slice - 3 1/2" diameter x 3/4"') == 2 * 84
    # the same numbers in two measures: the closer in words
    lemon = Measures.of(
        "Lemons, raw",
        [(1, 'fruit (2-1/8" dia)', 58), (1, 'wedge or slice (1/8 of one 2-1/8" dia lemon)', 7)],
    )
    assert lemon.to_grams(0.5, 'medium - 2 1/8" diameter') == 29


def test_a_volume_weighs_as_the_measure_of_its_own_form():
    # walnuts: 1 cup chopped = 117 g, 1 cup ground = 80 g; a tbsp is 1/16 cup
    walnuts = Measures.of("Nuts, walnuts", [(1, "cup, chopped", 117), (1, "cup, ground", 80)])
    assert walnuts.to_grams(6, "tbsp, ground") == pytest.approx(6 * 80 / 16)
    assert walnuts.to_grams(1, "Serving (6 tbsp, ground)") == pytest.approx(30)
    assert walnuts.to_grams(6, "tbsp") == pytest.approx(6 * 117 / 16)  # the first volume


def test_an_fndds_food_takes_its_sr28_twin_s_measures(full_foods):
    # FNDDS "Onions, raw" (75117020) has no medium; its SR28 twin 11282 has "1 medium
    # (2-1/2" dia) = 110 g" and "1 slice, large (1/4" thick) = 38 g" (measures.csv)
    onion = full_foods.conversions("75117020")
    assert onion.to_grams(2, 'medium - 2 1/2" diameter') == pytest.approx(2 * 110)
    assert onion.to_grams(1, 'large slice - 1/4" thick') == pytest.approx(38)
    # its own portions first: "1 whole = 148 g" (FNDDS)
    assert onion.to_grams(1, "whole") == pytest.approx(148)


def test_a_bare_number_counts_the_whole_food_before_a_piece(full_foods):
    # FNDDS "Tomatoes, raw" (74101000): "1 slice = 20 g" comes first, "1 whole = 125 g"
    tomato = full_foods.conversions("74101000")
    assert tomato.to_grams(2, "") == pytest.approx(2 * 125)
    assert tomato.to_grams(1, "each") == pytest.approx(125)
    assert tomato.to_grams(1, "slice") == pytest.approx(20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Cronometer writes SR28's amount and measure after its own amount, a decimal:
        # 3 of "1 floweret"; 2 of "1/2 bun serving"
        ("3.00 1 floweret", (3.0, "floweret")),
        ("2.00 1/2 Bun Serving", (1.0, "Bun Serving")),
        # a size in inches is the measure itself: 0.94 of a 14" pizza
        ('0.94 14" diameter', (0.94, '14" diameter')),
        ("1 1/2 cups", (1.5, "cups")),  # a mixed number stays one
    ],
)
def test_an_amount_of_a_measure_that_starts_with_a_number(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["3.00 1", "0.00 1 floweret"])
def test_an_amount_of_a_measure_is_still_refused_when_it_is_none(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_the_food_s_own_word_as_the_unit_counts_the_food():
    # Cronometer writes "1.00 Doughnut" of SR28's "Doughnuts, french crullers, glazed",
    # whose one count measure is "1 cruller (3" dia)" = 41 g
    measures = Measures.of(
        "Doughnuts, french crullers, glazed", [(1.0, "oz", 28.35), (1.0, 'cruller (3" dia)', 41.0)]
    )
    assert measures.to_grams(2, "Doughnut") == pytest.approx(82.0)
    assert measures.to_grams(1, "doughnuts") == pytest.approx(41.0)
    # two counts of different weights and none the food's natural unit: which is unsaid
    two = Measures.of("Doughnuts, glazed", [(1.0, "hole", 14.0), (1.0, 'ring (4" dia)', 60.0)])
    with pytest.raises(UnitError):
        two.to_grams(1, "doughnut")


def test_a_bare_number_of_a_food_in_sizes_is_a_medium_one():
    # SR28 "Croissants, butter": 1 mini = 28 g, small 42, medium 57, large 67 (measures)
    measures = Measures.of(
        "Croissants, butter",
        [(1.0, "oz", 28.35), (1.0, "croissant, mini", 28.0), (1.0, "croissant, small", 42.0),
         (1.0, "croissant, medium", 57.0), (1.0, "croissant, large", 67.0)],
    )  # fmt: skip
    assert measures.to_grams(2, "") == pytest.approx(2 * 57.0)


def test_a_yield_is_no_count_and_a_twin_s_own_word_is_the_better_one():
    # SR28 roasted chicken breast counts "1 unit (yield from 1 lb ready-to-cook chicken)"
    # = 52 g; its FNDDS twin "1 medium breast" = 120 g: "1 chicken breast" is a breast
    twin = Measures.of("Chicken breast, roasted", [(1.0, "medium breast", 120.0)])
    sr28 = Measures.of(
        "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
        [(1.0, "cup, chopped or diced", 140.0),
         (1.0, "unit (yield from 1 lb ready-to-cook chicken)", 52.0)],
        fallback=twin,
    )  # fmt: skip
    assert sr28.to_grams(1, "") == pytest.approx(120.0)


def test_a_medium_one_of_a_food_weighed_in_one_size_is_that_size():
    # SR28 "Egg, whole, cooked, hard-boiled" (01129) has "1 large" = 50 g and no other
    egg = Measures.of(
        "Egg, whole, cooked, hard-boiled",
        [(1.0, "cup, chopped", 136.0), (1.0, "tbsp", 8.5), (1.0, "large", 50.0)],
    )
    assert egg.to_grams(2, "medium") == pytest.approx(100.0)
    # a small one is not: a large one is 30 % more (SR28 raw eggs: small 38 g)
    with pytest.raises(UnitError):
        egg.to_grams(1, "small")


def test_a_unit_ending_in_s_takes_es_in_the_plural():
    from screener.units import split_amount

    found = split_amount("2 glasses of red wine")
    assert (found.number, found.unit, found.food) == (2.0, "glasses", "red wine")


def test_no_amount_of_a_food_no_table_weighs_a_portion_of_is_one_whole_one():
    # SR28's scrambled egg has no FNDDS twin and so no "Quantity not specified": its
    # one egg ("1 large" = 61 g) is the portion assumed
    egg = Measures.of(
        "Egg, whole, cooked, scrambled",
        [(1.0, "large", 61.0), (1.0, "tbsp", 13.7), (1.0, "cup", 220.0)],
    )
    assert egg.usual_portion == pytest.approx(61.0)
    # a slice or a cup is no whole one: nothing is assumed
    rice = Measures.of("Rice, white, cooked", [(1.0, "cup", 158.0)])
    assert rice.usual_portion is None


def test_the_largest_measure_is_the_heaviest_as_written():
    # AFCD's measures are "100 ml" of the food (milk: 95.7 g): a glass of 200 ml is no
    # more than 20 times its largest measure, as 0.957 g (its gram per ml) would make it
    milk = Measures.of("Milk, cow, fluid, reduced fat (1% fat)", [(100.0, "ml", 95.7)])
    assert milk.largest == pytest.approx(95.7)
    assert milk.to_grams(200, "ml") == pytest.approx(191.4)


def test_no_amount_of_a_food_with_a_label_serving_is_that_serving():
    # SR28's WEETABIX: "2 biscuits (1 NLEA serving)" = 35 g, the label's serving (FDA's
    # reference amount customarily consumed) and no FNDDS twin
    weetabix = Measures.of(
        "Cereals ready-to-eat, WEETABIX whole grain cereal",
        [(2.0, "biscuits (1 NLEA serving)", 35.0), (1.0, "cup", 57.0)],
    )
    assert weetabix.usual_portion == pytest.approx(35.0)


def test_a_pot_or_a_tub_is_a_unit_said_in_the_text():
    from screener.units import split_amount

    found = split_amount("a pot of yoghurt")
    assert (found.number, found.unit, found.food) == (1.0, "pot", "yoghurt")
