"""A name that joins foods ("toast with butter", "fish and chips") is read as a row of
each food, as survey coders code such a report: each food its own, a food whose amount
was not said its usual portion. One reading for the single report and batch."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.batch import screen_batch
from screener.diary import read_diary
from screener.matching import joined_foods
from screener.models import MatchKind, RejectReason
from screener.scoring import screen


def write(tmp_path, rows: str, header: str = "date,food,amount"):
    path = tmp_path / "diary.csv"
    path.write_text(f"{header}\n{rows}")
    return path


def alone(tmp_path, food: str) -> float:
    """The grams a food's row with no amount is read as on its own (its usual portion)."""
    path = tmp_path / f"{food}.csv"
    path.write_text(f"date,food,amount\n2026-03-02,{food},\n")
    (grams,) = read_diary(path).rows["grams"].tolist()
    return grams


def test_the_foods_a_name_joins_are_found_at_any_joiner():
    assert joined_foods("toast with butter") == ("toast", "butter")
    assert joined_foods("eggs on toast") == ("eggs", "toast")
    # a dish whose foods its words do not say, as joined_dishes.csv codes it
    assert joined_foods("beans on toast") == ("baked beans", "toast")
    assert joined_foods("bagel w/ cream cheese") == ("bagel", "cream cheese")
    assert joined_foods("toast with butter and jam") == ("toast", "butter", "jam")
    # split where every food is surest: a dish's own "and" stays in it
    assert joined_foods("mac and cheese with broccoli") == ("mac and cheese", "broccoli")
    # a part no food has: no split
    assert joined_foods("salmon with zzqxv") is None
    assert joined_foods("banana") is None


def test_an_amount_is_the_first_food_it_measures_the_rest_their_usual_portion(tmp_path):
    read = read_diary(write(tmp_path, "2026-03-02,toast with butter,2 slices\n"))
    rows = read.rows
    assert rows["line"].tolist() == [2, 2]
    assert rows["food"].tolist() == ["toast with butter"] * 2
    assert rows["food_id"].tolist() == ["51101010", "01001"]  # white toast, butter
    assert rows["part"].tolist() == [0, 1]
    toast, butter = rows["grams"].tolist()
    # FNDDS's Portions and Weights workbook: 51101010's "medium or regular slice", 25 g
    assert toast == pytest.approx(2 * 25)
    assert butter == pytest.approx(alone(tmp_path, "butter"))
    assert rows["amount_assumed"].tolist() == [False, True]
    # which foods the name means is itself an assumption, counted as one
    assert set(rows["match"]) == {MatchKind.ASSUMED.value}
    assert read.rows_used() == 1 and read.data_lines == 1 and not read.rejected


def test_no_amount_is_the_usual_portion_and_what_goes_on_it_fnddss_guideline(tmp_path):
    """Toast alone takes its usual portion (FNDDS 51101010: 25 g, one medium slice);
    butter and jam on it FNDDS's guideline amounts per slice of bread (7 and 10 g:
    guidelines.csv, by their FNDDS twins 81100500 and 91402000). Lemon with fish has
    none: its usual portion."""
    rows = read_diary(write(tmp_path, "2026-03-02,toast with butter and jam,\n")).rows
    assert rows["grams"].tolist() == [alone(tmp_path, "toast"), 7.0, 10.0]
    assert rows["amount_assumed"].all()
    rows = read_diary(write(tmp_path, "2026-03-02,salmon with lemon,\n")).rows
    assert rows["grams"].tolist() == [alone(tmp_path, f) for f in ("salmon", "lemon")]


def test_a_weight_is_shared_in_proportion_to_the_usual_portions(tmp_path):
    rows = read_diary(write(tmp_path, "2026-03-02,fish and chips,400 g\n")).rows
    # (joined_dishes.csv: the fish of fish and chips is battered, its chips are fries)
    fish, chips = alone(tmp_path, "battered fish"), alone(tmp_path, "french fries")
    assert rows["grams"].tolist() == pytest.approx(
        [400 * fish / (fish + chips), 400 * chips / (fish + chips)]
    )
    assert sum(rows["grams"]) == pytest.approx(400)
    assert rows["amount_assumed"].all()  # the share is assumed


def test_an_amount_no_food_of_the_name_measures_is_refused_naming_them(tmp_path):
    read = read_diary(
        write(tmp_path, "2026-03-02,toast with butter,3 liters\n2026-03-02,banana,1\n")
    )
    (refused,) = read.rejected
    assert refused.line == 2
    assert '"toast" and "butter": write each on a row of its own' in refused.message
    assert read.rows_used() == 1


def test_a_drink_poured_into_a_drink_is_fnddss_guideline_amount_not_a_glass_of_it(tmp_path):
    """Milk's usual portion is a glass (FNDDS: 1 cup, 244 g), not what goes into a tea:
    FNDDS's "Guideline amount per fl oz of beverage" of milk is 2.5 g (guidelines.csv,
    from the workbook), so a mug of tea (its usual portion, 360 g: 360 / 29.6 g a fl oz
    by SR28 14355's own "1 fl oz") takes 2.5 x 360 / 29.6 g of milk; butter is 7 g a
    slice of bread; milk on cold cereal has no guideline: its usual portion."""
    read = read_diary(
        write(
            tmp_path,
            "2026-03-02,black tea with milk,1 mug\n2026-03-02,toast with butter,2 slices\n"
            "2026-03-02,cereal with milk,\n",
        )
    )
    assert not read.rejected
    rows = read.rows
    tea, milk = rows.loc[rows["line"] == 2, "grams"].tolist()
    assert tea == 360.0 and milk == pytest.approx(2.5 * 360 / 29.6)
    assert rows.loc[rows["line"] == 3, "grams"].tolist() == [50.0, 14.0]
    assert rows.loc[rows["line"] == 4, "grams"].tolist()[1] == 244.0
    assert rows.loc[rows["line"] != 2, "amount_assumed"].tolist() == [False, True, True, True]


def test_strict_refuses_a_name_that_joins_foods(tmp_path):
    from screener.diary import DiaryRejectedError

    with pytest.raises(DiaryRejectedError, match="write each on a row of its own"):
        read_diary(write(tmp_path, "2026-03-02,toast with butter,\n"), strict=True)


def test_days_chosen_count_a_joined_row_once(tmp_path):
    from screener.diary import choose_days

    path = write(tmp_path, "2026-03-01,toast with butter,\n2026-03-09,banana,1\n")
    read = choose_days(read_diary(path), dt.date(2026, 3, 5))
    assert read.days_chosen.rows_outside == 1
    assert [s.line for s in read.skipped] == [2]


def test_batch_reads_joined_names_as_the_report_does(tmp_path):
    """The cohort's column-wise reader splits as the single diary does: the same means,
    rows used and assumptions, in any chunking."""
    path = write(
        tmp_path,
        "2026-03-02,ana,toast with butter,2,slices\n"
        "2026-03-02,ana,fish and chips,400,g\n"
        "2026-03-02,ana,banana,1,\n"
        "2026-03-03,ana,toast with butter and jam,,\n"
        "2026-03-03,bob,2 eggs on toast,,\n"
        "2026-03-03,bob,toast with butter,3,liters\n"
        "2026-03-04,bob,cereal with milk,1,bowl\n"
        "2026-03-04,bob,bacon and eggs,,\n",  # (a guess of other foods: the foods)
        header="date,user,food,amount,unit",
    )
    for chunk_rows in (2, 1000):
        batch = screen_batch(path, chunk_rows=chunk_rows)
        assert batch.rows_used == 7 and batch.data_lines == 8
        ((line, reason),) = [(r.line, r.reason) for r in batch.rejected]
        assert line == 7 and reason in (RejectReason.AMBIGUOUS_FOOD, RejectReason.UNKNOWN_FOOD)
        results = batch.results.set_index(["user", "nutrient"])
        for user in ("ana", "bob"):
            report = screen(read_diary(path), user=user)
            for result in report.results:
                batch_mean = results.loc[(user, result.nutrient), "mean_daily_intake"]
                assert batch_mean == pytest.approx(result.mean_daily_intake, rel=1e-9)


def test_a_dish_the_table_has_is_asked_not_split():
    """FNDDS has spaghetti and meatballs dishes: which of them is asked, not spaghetti
    and meatballs apart (nor a toddler's macaroni whose other names say it)."""
    from screener.matching import resolve_names

    assert joined_foods("spaghetti with meatballs") is None
    found = resolve_names(["spaghetti with meatballs"])["spaghetti with meatballs"]
    assert found.food_id is None or "baby" not in str(found.name).lower()
    assert any("meatballs" in s.lower() for s in found.suggestions)


@pytest.mark.parametrize(
    ("written", "foods"),
    [
        # (the ids: FNDDS 41201010 "Baked beans", 51101010 "Bread, white, toasted";
        # FNDDS 26100140 "Fish, NS as to type, coated, fried, …", 71400990 "Potato, french
        # fries, NFS"; SR28 19056 "Snacks, tortilla chips, …", 06164 "Sauce, salsa, …")
        ("beans on toast", ["41201010", "51101010"]),
        ("fish & chips", ["26100140", "71400990"]),
        ("fish supper", ["26100140", "71400990"]),
        ("chips and salsa", ["19056", "06164"]),
    ],
)
def test_a_dish_of_joined_foods_is_coded_as_a_coder_codes_it(tmp_path, written, foods):
    # beans on toast are baked beans, the chips of fish and chips are fries, those with
    # salsa tortilla chips (screener/data/joined_dishes.csv), not the words' own readings
    path = tmp_path / "diary.csv"
    path.write_text(f"date,food,amount\n2026-03-02,{written},\n")
    assert read_diary(path).rows["food_id"].tolist() == foods


@pytest.mark.parametrize(
    ("written", "foods"),
    [
        # a guess at a dish of foods not said gives way to the foods said, each named
        # exactly: no "Egg, cheese, ham, and bacon on bun", no "Syrups, table blends,
        # pancake, with 2% maple", no "Peanut butter sandwich, …" (asked)
        ("bacon and eggs", ("bacon", "eggs")),
        ("pancakes with maple syrup", ("pancakes", "maple syrup")),
        ("toast with peanut butter", ("toast", "peanut butter")),
        # nor a food that joins no foods: "Crackers, cheese", "Bread, egg, toasted"
        ("cheese and crackers", ("cheese", "crackers")),
        ("eggs and toast", ("eggs", "toast")),
        ("apple w peanut butter", ("apple", "peanut butter")),  # "w" for "with"
        ("porridge with a bit of sugar", ("porridge", "sugar")),  # an amount unsaid
        ("coffee and some cake", ("coffee", "cake")),
        # a dish whose name says no more than was said stays the dish; how a food was
        # made is no second food
        ("porridge made with milk", None),
        ("ham and cheese sandwich", None),
        ("mac and cheese", None),
        ("pork and beans", None),
    ],
)
def test_a_dish_of_more_foods_than_said_is_the_foods_said(written, foods):
    assert joined_foods(written) == foods


def test_what_goes_into_a_coffee_is_its_guideline_amount(tmp_path):
    """FNDDS's guideline amounts per fl oz of beverage (guidelines.csv): cream 12100100
    and milk 2.5 g, so 360 g of brewed coffee (its usual portion; SR28 14209 "1 fl oz"
    29.6 g) takes 2.5 x 360 / 29.6 g of each. A double double (joined_dishes.csv) is
    coffee, cream and sugar."""
    read = read_diary(
        write(tmp_path, "2026-03-02,coffee with cream,\n2026-03-02,coffee with milk,\n"
              "2026-03-02,double double,\n")
    )  # fmt: skip
    assert not read.rejected
    rows = read.rows
    for line in (2, 3):
        coffee, added = rows.loc[rows["line"] == line, "grams"].tolist()
        assert coffee == 360.0 and added == pytest.approx(2.5 * 360 / 29.6)
    assert rows.loc[rows["line"] == 4, "food_id"].tolist()[1:] == ["12100100", "19335"]


def test_a_guessed_dish_of_other_foods_is_read_as_the_foods(tmp_path):
    """ "bacon and eggs" was guessed to be FNDDS's egg, cheese, ham and bacon on a bun:
    it is read as bacon and eggs, each its usual portion (the batch too: above)."""
    from screener.matching import resolve_names

    rows = read_diary(write(tmp_path, "2026-03-02,bacon and eggs,\n2026-03-02,banana,1\n")).rows
    assert rows["food"].tolist() == ["bacon and eggs"] * 2 + ["banana"]
    bacon, eggs = (resolve_names([n])[n].food_id for n in ("bacon", "eggs"))
    assert rows["food_id"].tolist()[:2] == [bacon, eggs]
    assert rows["amount_assumed"].tolist()[:2] == [True, True]
