"""Wiring of the command: exit codes, messages, one run per format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from screener.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help():
    assert run("--version").output.startswith("screener, version ")
    help_text = run("--help").output
    assert "Exit codes:" in help_text
    assert "healthcare professional" in help_text


def test_foods_search_table_fits_80_columns():
    result = run("foods", "search", "banana", "--limit", "5")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["food_id", "name", "source", "score"]
    assert lines[2].split()[:3] == ["09040", "Bananas,", "raw"]
    assert lines[2].split()[-2] == "SR28"  # which table
    assert max(len(line) for line in lines) <= 80


def test_foods_search_csv_and_json():
    rows = list(
        csv.DictReader(io.StringIO(run("foods", "search", "milk", "--format", "csv").output))
    )
    assert rows[0]["food_id"] == "01077"
    assert len(rows) == 10
    records = json.loads(run("foods", "search", "egg", "--limit", "2", "--format", "json").output)
    # the egg people eat (the alias "egg"), from FNDDS
    assert records[0]["name"] == "Egg, whole, cooked, NS as to cooking method"
    assert records[0]["source"] == "FNDDS 2017-2018"
    assert len(records) == 2


def test_foods_search_no_match_says_so():
    result = run("foods", "search", "%%%")
    assert result.exit_code == 0
    assert result.stderr == 'No food matches "%%%".\n'
    assert result.stdout == ""


def test_foods_show_values_units_unknowns_and_measures():
    result = run("foods", "show", "9040")
    assert result.exit_code == 0
    assert "09040  Bananas, raw" in result.output
    assert "potassium_mg    358 mg" in result.output
    assert '1 medium (7" to 7-7/8" long) = 118 g' in result.output
    # SR28 has no vitamin D value for roquefort.
    roquefort = run("foods", "show", "1039")
    assert "vitamin_d_ug    unknown" in roquefort.output


def test_foods_show_flags_derived_values():
    acerola = run("foods", "show", "09001")
    assert "vitamin_d_ug    0 µg  (set to 0: not present in unfortified plant foods)" in (
        acerola.output
    )
    data = json.loads(run("foods", "show", "16542", "--format", "json").output)
    assert data["derived"] == {"vitamin_d_ug": "converted from IU: 1 µg = 40 IU"}
    assert data["per_100g"]["calcium_mg"] == 42.0


def test_unknown_food_id_is_exit_1_with_a_message():
    result = CliRunner().invoke(cli, ["foods", "show", "99999"])
    assert result.exit_code == 1
    assert result.output.strip() == 'Error: no food matches "99999"'


def test_bad_option_is_exit_2():
    result = CliRunner().invoke(cli, ["foods", "search", "x", "--limit", "0"])
    assert result.exit_code == 2


def test_references_table_csv_json():
    table = run("references", "--sex", "female", "--age", "40")
    assert table.exit_code == 0
    assert "Magnesium     mg    265   320     -  350*" in table.output
    assert max(len(line) for line in table.output.splitlines()) <= 80
    rows = list(csv.DictReader(io.StringIO(run("references", "--format", "csv").output)))
    assert [r["nutrient"] for r in rows][:2] == ["magnesium", "calcium"]
    assert rows[6]["ai"] == "3400.0" and rows[6]["ear"] == ""
    data = json.loads(run("references", "--age", "71", "--sex", "male", "--format", "json").output)
    assert data["group"] == "males 71+"


def test_references_default_profile_is_stated():
    output = run("references").output
    assert "Default profile:" in output
    assert "give --age and --sex" in output


def test_bad_profile_is_a_usage_error():
    result = CliRunner().invoke(cli, ["references", "--sex", "male", "--life-stage", "pregnant"])
    assert result.exit_code == 2
    assert "Error: life stage 'pregnant' applies only to females" in result.output
    infant = CliRunner().invoke(cli, ["references", "--age", "0.5"])
    assert infant.exit_code == 2
    assert "infant feeding needs a professional's assessment" in infant.output


def test_import_writes_meal_log_and_reports_on_stderr(tmp_path):
    from conftest import DATA

    out = tmp_path / "meals.csv"
    result = CliRunner().invoke(cli, ["import", str(DATA / "meal_log_week.csv"), "-o", str(out)])
    assert result.exit_code == 0
    assert "bananna           -> 09040 Bananas, raw (fuzzy 92.3)" in result.stderr
    assert "line 12: unknown_food:" in result.stderr
    assert "17 data rows, 10 used, 7 rejected" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 10
    assert rows[0]["line"] == "2" and rows[0]["grams"] == "234.0"
    again = CliRunner().invoke(cli, ["import", str(DATA / "meal_log_week.csv"), "-o", str(out)])
    assert again.exit_code == 1
    assert "exists already; use --force" in again.stderr


def test_import_strict_fails_and_writes_nothing(tmp_path):
    from conftest import DATA

    out = tmp_path / "meals.csv"
    args = ["import", str(DATA / "meal_log_week.csv"), "-o", str(out), "--strict"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert not out.exists()
    assert "--strict allows none" in result.stderr


def test_import_unreadable_file_is_exit_1(tmp_path):
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.csv'}: no such file"


def test_report_every_format_and_exit_codes(tmp_path, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    base = ["report", "examples/week.csv", "--sex", "female", "--age", "40"]
    table = run(*base)
    assert table.exit_code == 0
    assert "Magnesium        202 mg  320 mg RDA" in table.stdout
    csv_out = run(*base, "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(csv_out.stdout)))) == 8
    data = json.loads(run(*base, "--format", "json").stdout)
    assert data["days_logged"] == 7
    out, details = tmp_path / "r.csv", tmp_path / "d.csv"
    written = run(*base, "--format", "csv", "-o", str(out), "--details", str(details))
    assert written.exit_code == 0 and out.exists() and details.exists()
    again = CliRunner().invoke(cli, [*base, "-o", str(out)])
    assert again.exit_code == 1
    assert f"Error: {out} exists already; use --force to replace it" in again.stderr
    assert run(*base, "-o", str(out), "--force").exit_code == 0


def test_report_default_profile_is_said(monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = run("report", "examples/week.csv")
    assert "Default profile:" in result.stdout


def test_report_needs_user_for_several_people(tmp_path):
    family = tmp_path / "family.csv"
    family.write_text("date,user,food,amount\n2026-03-02,ana,banana,1 medium\n"
                      "2026-03-02,ben,milk,1 cup\n")  # fmt: skip
    result = CliRunner().invoke(cli, ["report", str(family)])
    assert result.exit_code == 1
    assert (
        "holds 2 people (ana, ben): choose one with --user, or screen them all with "
        "`screener batch`" in result.stderr
    )
    assert CliRunner().invoke(cli, ["report", str(family), "--user", "ana"]).exit_code == 0


def test_report_of_one_person_of_an_asa24_study(tmp_path):
    from conftest import DATA

    totals = str(DATA / "asa24_totals.csv")
    assert "holds 2 people (STU01, STU02)" in CliRunner().invoke(cli, ["report", totals]).stderr
    result = CliRunner().invoke(cli, ["report", totals, "--user", "STU01", "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["days_logged"] == 2  # STU01's two recalls; magnesium 265.1 and 301.6 mg
    magnesium = next(r for r in report["results"] if r["nutrient"] == "magnesium")
    assert magnesium["mean_daily_intake"] == pytest.approx((265.1 + 301.6) / 2)


def test_report_for_one_person_counts_only_their_rows(tmp_path):
    family = tmp_path / "family.csv"
    rows = "".join(f"2026-03-02,user{n},banana,1 medium\n" for n in range(12))
    family.write_text(f"date,user,food,amount\n{rows}2026-03-02,ben,xyzzy,1\n")
    many = CliRunner().invoke(cli, ["report", str(family)])
    said = " ".join(many.stderr.split())
    assert "holds 12 people (user0, user1, user10, user11, user2, user3, user4," in said
    assert "user7 and 2 more): choose one" in said
    # ben's bad row is no reason to refuse user0's strict report, and is not listed in it
    alone = CliRunner().invoke(
        cli, ["report", str(family), "--user", "user0", "--strict", "--format", "json"]
    )
    assert alone.exit_code == 0, alone.output
    assert json.loads(alone.stdout)["rejected"] == []
    assert "Rejected" not in alone.stderr
    ben = CliRunner().invoke(cli, ["report", str(family), "--user", "ben", "--strict"])
    assert ben.exit_code == 1


def test_report_formula_cells_are_neutralised(tmp_path):
    diary = tmp_path / "evil.csv"
    diary.write_text("date,food,amount\n2026-03-02,=HYPERLINK(1),100 g\n2026-03-02,egg,1\n")
    details = tmp_path / "d.csv"
    result = CliRunner().invoke(cli, ["report", str(diary), "--details", str(details)])
    assert result.exit_code == 0
    text = details.read_text()
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_report_with_supplements(monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    args = ["report", "examples/week.csv", "--sex", "female", "--age", "40"]
    result = run(*args, "--supplements", "examples/supplements.csv")
    assert result.exit_code == 0
    assert "Nutrient          Food    Suppl.     Total" in result.stdout
    assert "Magnesium from supplements is 400 mg a day, above the UL of 350 mg" in result.stdout
    rows = list(csv.DictReader(io.StringIO(run(*args, "--supplements",
                "examples/supplements.csv", "--format", "csv").stdout)))  # fmt: skip
    assert {"food_intake", "supplement_intake", "ul_status", "ul_note"} <= set(rows[0])
    assert rows[0]["ul_status"] == "above UL"


def test_import_with_user_aliases(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nmy cereal,08013\n")
    diary = tmp_path / "d.csv"
    diary.write_text("date,food,amount\n2026-03-02,my cereal,1 cup\n")
    result = CliRunner().invoke(cli, ["import", str(diary), "--aliases", str(aliases)])
    assert result.exit_code == 0
    assert "my cereal -> 08013 Cereals ready-to-eat, GENERAL MILLS, CHEERIOS (alias)" in (
        result.stderr
    )


def test_batch_command(tmp_path):
    from conftest import DATA

    out, summary = tmp_path / "results.csv", tmp_path / "summary.csv"
    args = ["batch", str(DATA / "cohort.csv"), "--profiles", str(DATA / "cohort_profiles.csv")]
    result = CliRunner().invoke(cli, [*args, "-o", str(out), "--summary", str(summary)])
    assert result.exit_code == 0, result.output
    assert "Default profile (no row in --profiles) for 1 person: cleo" in result.stderr
    assert "15 data rows, 10 used, 5 rejected; 3 people screened" in result.stderr
    assert "line 16: bad_date: no such date: '2026-02-30'" in result.stderr
    assert result.stdout.splitlines()[0].split() == [
        "nutrient", "people", "flagged", "low", "borderline", "flagged_pct",
    ]  # fmt: skip
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3 * 8 and rows[0]["user"] == "ana"
    assert len(list(csv.DictReader(summary.open(encoding="utf-8")))) == 8
    again = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert again.exit_code == 1 and "use --force" in again.stderr
    strict = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "s.csv"), "--strict"])
    assert strict.exit_code == 1 and not (tmp_path / "s.csv").exists()


def test_batch_shows_the_first_rejected_rows_and_writes_them_all(tmp_path):
    """A cohort may reject tens of thousands of rows: the terminal gets the first 20 and
    a count by reason; --rejected FILE gets every one, with its line."""
    diary = tmp_path / "cohort.csv"
    lines = ["date,user,food,amount,unit"]
    for person in range(3):  # each person: 10 rows of a food the table lacks, 2 usable
        lines += [f"2026-03-02,p{person},Protein Shake XYZ,1,g"] * 10
        lines += [f"2026-03-02,p{person},banana,100,g"] * 2
    diary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, rejected = tmp_path / "results.csv", tmp_path / "rejected.csv"
    args = ["batch", str(diary), "-o", str(out), "--rejected", str(rejected)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Rejected rows (30; the first 20):" in result.stderr
    shown = [line for line in result.stderr.splitlines() if line.startswith("  line ")]
    assert len(shown) == 20 and shown[0].startswith("  line 2: unknown_food:")
    assert "… and 10 more (10 unknown_food): all are in" in result.stderr
    assert "No --profiles: all 3 people have the default profile." in result.stderr
    rows = list(csv.DictReader(rejected.open(encoding="utf-8")))
    # lines 2-11, 14-23 and 26-35 of the file: every rejected row, in order
    expected = [*range(2, 12), *range(14, 24), *range(26, 36)]
    assert [int(row["line"]) for row in rows] == expected
    assert {row["value"] for row in rows} == {"Protein Shake XYZ"}
    without = CliRunner().invoke(cli, ["batch", str(diary), "-o", str(tmp_path / "r2.csv")])
    assert "--rejected FILE writes them all" in without.stderr


def test_a_terminal_without_the_bar_characters_gets_plain_bars():
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    args = ["report", "examples/week.csv", "--sex", "female", "--age", "40"]
    result = subprocess.run(
        [sys.executable, "-m", "screener", *args], cwd=ROOT, env=env, capture_output=True
    )
    assert result.returncode == 0, result.stderr
    assert b"63% ######...." in result.stdout
    assert b"Traceback" not in result.stderr


def test_batch_uses_the_persons_own_aliases_like_report(tmp_path):
    folder = tmp_path / "config" / "screener"
    folder.mkdir(parents=True)
    (folder / "aliases.csv").write_text("alias,food_id\nmy cereal,08013\n")
    diary = tmp_path / "d.csv"
    diary.write_text("date,user,food,amount\n2026-03-02,ana,my cereal,1 cup\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = tmp_path / "r.csv"
    result = CliRunner(env=env).invoke(cli, ["batch", str(diary), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 used, 0 rejected" in result.stderr


def test_import_of_an_app_export_lists_what_was_left_out(tmp_path):
    from conftest import DATA

    result = run("import", str(DATA / "loseit_food_log.csv"), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 0
    assert "Left out, not diary entries (2):" in result.stderr
    assert "  line 4: deleted_entry: Cookie: deleted in LoseIt" in result.stderr
    assert "6 data rows, 4 used, 0 rejected, 2 left out (not entries)" in result.stderr
    again = run("import", str(tmp_path / "out.csv"))
    assert "4 data rows, 4 used, 0 rejected" in again.stderr


def test_report_of_a_summary_export_and_its_details(tmp_path):
    from conftest import DATA

    details = tmp_path / "rows.csv"
    result = run(
        "report", str(DATA / "cronometer_daily_blank_days.csv"), "--sex", "male", "--age",
        "30", "--format", "csv", "--details", str(details),
    )  # fmt: skip
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["values_from"] for row in rows} == {"export"}
    listed = list(csv.DictReader(io.StringIO(details.read_text(encoding="utf-8"))))
    assert [(r["kind"], r["line"]) for r in listed if r["kind"] == "skipped"] == [
        ("skipped", "3"),
        ("skipped", "5"),
    ]


def test_resolve_writes_a_csv_to_edit_and_apply_saves_it_to_the_aliases(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    diary = tmp_path / "diary.csv"
    diary.write_text("date,food,amount\n2026-03-02,bananna,100 g\n2026-03-02,Plugh casserole,1\n")
    listed = tmp_path / "names.csv"
    result = run("resolve", str(diary), "-o", str(listed))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(listed.read_text(encoding="utf-8"))))
    assert [(r["name"], r["food_id"], r["match"]) for r in rows] == [
        ("bananna", "09040", "fuzzy"),
        ("Plugh casserole", "", "asked"),
    ]
    assert rows[0]["candidates"].startswith("09040 Bananas, raw")
    listed.write_text(
        listed.read_text(encoding="utf-8").replace("Plugh casserole,,", "Plugh casserole,01123,")
    )
    applied = run("resolve", "--apply", str(listed))
    assert applied.exit_code == 0
    aliases = (tmp_path / "config" / "screener" / "aliases.csv").read_text(encoding="utf-8")
    assert 'bananna,09040,"Bananas, raw"' in aliases
    assert 'Plugh casserole,01123,"Egg, whole, raw, fresh"' in aliases
    # the next report uses them: nothing left to resolve, both rows used
    assert "nothing to resolve" in run("resolve", str(diary), "-o", "-").stderr
    imported = run("import", str(diary))
    assert "2 data rows, 2 used, 0 rejected" in imported.stderr


def test_resolve_asks_in_a_terminal_and_keeps_what_the_aliases_file_had(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "screener"
    folder.mkdir(parents=True)
    (folder / "aliases.csv").write_text("alias,food_id\nmy cereal,08020\n")
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "date,food,amount\n2026-03-02,Plugh casserole,1\n2026-03-02,frozen peas,1 cup\n"
        "2026-03-02,my cereal,30 g\n"
    )
    # first name: search again, pick 1; second: skip; then confirm saving
    result = CliRunner().invoke(
        cli, ["resolve", str(diary), "--interactive"], input="s scrambled egg\n1\n\ny\n"
    )
    assert result.exit_code == 0, result.output
    assert '[1/2] "Plugh casserole" (not found)' in result.stderr
    assert '[2/2] "frozen peas" (assumed)' in result.stderr
    saved = (folder / "aliases.csv").read_text(encoding="utf-8")
    assert "my cereal,08020" in saved  # kept
    assert "Plugh casserole,01132" in saved  # Egg, whole, cooked, scrambled
    assert "frozen peas" not in saved  # skipped


def test_report_for_one_person_of_a_cohort_holds_only_their_rows(tmp_path):
    from screener.diary import read_diary

    cohort = tmp_path / "cohort.csv"
    rows = "".join(f"2026-03-0{d},p{n},banana,100 g\n" for n in range(50) for d in (2, 3))
    cohort.write_text("date,user,food,amount\n" + rows)
    read = read_diary(cohort, user="p7")
    assert read.data_lines == 2
    assert read.rows["line"].tolist() == [16, 17]  # the lines of the file, kept
    missing = CliRunner().invoke(cli, ["report", str(cohort), "--user", "nobody"])
    assert missing.exit_code == 1
    assert "has no row of user 'nobody'" in missing.stderr


@pytest.mark.parametrize(
    "other",
    [
        '2026-03-02,p2,"Cheese, cheddar",30 g',  # quotes on one line: each line a record
        '2026-03-02,p2,"Cheese,\ncheddar",30 g',  # a record on two lines: read record by record
    ],
)
def test_one_persons_rows_are_the_same_read_line_by_line_or_record_by_record(tmp_path, other):
    """report --user reads only the lines with the person's name where no record can span
    lines (each line closes the quotes it opens), else every record: the same rows and
    line numbers either way; another person's name inside a field is not theirs."""
    from screener.csvfile import records

    text = (
        "\n"  # a blank line before the header
        "date,user,food,amount\n"
        "2026-03-02,p1,banana,100 g\n"
        f"{other}\n"
        '2026-03-03, p1 ,"Milk, whole",1 cup\r\n'
        "2026-03-03,p11,banana,1 medium\n"
        "2026-03-04,p2,p1 bar,1\n"
    )
    header, found = records(text, "cohort.csv", user="p1")
    assert header == ["date", "user", "food", "amount"]
    lines = text.count("\n", 0, text.index(other)) + other.count("\n")  # lines before ", p1 ,"
    assert found == [
        (3, ["2026-03-02", "p1", "banana", "100 g"]),
        (lines + 2, ["2026-03-03", " p1 ", "Milk, whole", "1 cup"]),
    ]


# --- hostile surroundings: a message and the right exit code, never a traceback ----------


def test_a_config_folder_that_cannot_be_looked_into_is_an_error(tmp_path, monkeypatch):
    from conftest import ROOT

    config = tmp_path / ("x" * 300)  # a name too long to look up: an OSError, as EACCES is
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    result = CliRunner().invoke(cli, ["report", str(ROOT / "examples" / "week.csv")])
    assert result.exit_code == 1
    assert result.stderr == (
        # config.toml (a kept --region) is the first file looked for there
        f"Error: {config / 'screener' / 'config.toml'}: cannot be looked at: File name too long\n"
    )


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_plan_max_kcal_nan_is_a_usage_error(value):
    from conftest import ROOT

    result = CliRunner().invoke(
        cli, ["plan", str(ROOT / "examples" / "week.csv"), "--max-kcal", value]
    )
    assert result.exit_code == 2
    assert f"Invalid value for '--max-kcal': {value!r} is not a number" in result.stderr


def test_an_output_that_is_a_loop_of_symbolic_links_is_an_error(tmp_path):
    from conftest import ROOT

    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for force in ([], ["--force"]):
        result = CliRunner().invoke(
            cli, ["report", str(ROOT / "examples" / "week.csv"), "-o", str(tmp_path / "a"), *force]
        )
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {tmp_path / 'a'}: cannot be written: the name is a loop of symbolic links\n"
        )


@pytest.mark.parametrize(
    "args",
    [
        ["report", "examples/week.csv"],
        ["references", "--sex", "female", "--age", "40"],
        ["foods", "search", "banana"],
        ["--help"],
    ],
)
def test_a_closed_standard_output_is_an_error_not_lost_output(args):
    import shlex
    import subprocess
    import sys

    from conftest import ROOT

    command = shlex.join([sys.executable, "-m", "screener", *args]) + " >&-"
    result = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write to standard output: it is closed\n"


def test_a_closed_standard_output_is_no_error_when_nothing_goes_to_it(tmp_path):
    import shlex
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / "report.txt"
    args = [sys.executable, "-m", "screener", "report", "examples/week.csv", "-o", str(out)]
    result = subprocess.run(
        ["sh", "-c", shlex.join(args) + " >&-"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("Diary: examples/week.csv (meal log)")


def test_resolve_apply_with_a_bad_id_names_the_file_given_and_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    edited = tmp_path / "names.csv"
    edited.write_text("name,food_id,match,candidates\nbanan,09040,fuzzy,\nlazagna,99999,fuzzy,\n")
    result = CliRunner().invoke(cli, ["resolve", "--apply", str(edited)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {edited}, line 3, column 'food_id': food_id '99999' is not in the food table\n"
    )
    assert not (tmp_path / "config").exists()  # nothing saved


def test_resolve_apply_with_a_name_given_two_foods_names_both_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    edited = tmp_path / "names.csv"
    edited.write_text("name,food_id\nbanan,09040\nbanan,9040\nbanan,01077\n")
    result = CliRunner().invoke(cli, ["resolve", "--apply", str(edited)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {edited}, line 4, column 'food_id': name 'banan' is given two foods: 09040 "
        "on line 2 and 01077 here; keep one\n"
    )


def test_resolve_apply_with_a_food_id_and_no_name_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    edited = tmp_path / "names.csv"
    edited.write_text("name,food_id\nbanan,09040\n ,09040\n")
    result = CliRunner().invoke(cli, ["resolve", "--apply", str(edited)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {edited}, line 3, column 'name': a food_id with no name\n"
    assert not (tmp_path / "config").exists()


# --- the command line as people meet it ------------------------------------------------------

LONG = "a" * 300 + ".csv"  # a file name over the 255 bytes a file system allows


@pytest.mark.parametrize(
    "args",
    [
        ["report", LONG], ["plan", LONG], ["import", LONG], ["resolve", LONG],
        ["batch", LONG, "-o", "out.csv"], ["resolve", "--apply", LONG],
        ["report", "week.csv", "--supplements", LONG],
        ["batch", "week.csv", "-o", "out.csv", "--profiles", LONG],
    ],
    ids=["report", "plan", "import", "resolve", "batch", "apply", "supplements", "profiles"],
)  # fmt: skip
def test_a_file_name_too_long_is_a_message_not_a_traceback(tmp_path, monkeypatch, args):
    from conftest import ROOT

    monkeypatch.chdir(tmp_path)
    (tmp_path / "week.csv").write_bytes((ROOT / "examples" / "week.csv").read_bytes())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # click's own exit: no traceback
    assert result.stderr.startswith(f"Error: {LONG}: cannot be read: ")
    assert "name too long" in result.stderr


def test_resolve_starts_a_new_aliases_file_or_an_empty_one(tmp_path, monkeypatch):
    from conftest import DATA

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    diary = DATA / "app_week_names.csv"
    edited = tmp_path / "names.csv"
    edited.write_text("name,food_id\nlazagna,22956\n")
    (tmp_path / "empty.csv").write_text("")
    for target in ("NEW.csv", "empty.csv"):
        listed = CliRunner().invoke(cli, ["resolve", str(diary), "--aliases", target, "-o", "-"])
        assert listed.exit_code == 0, listed.stderr
        assert listed.stdout.startswith("name,food_id,match,candidates\n")
        assert "3 names to look at" in listed.stderr
        saved = CliRunner().invoke(cli, ["resolve", "--apply", str(edited), "--aliases", target])
        assert saved.exit_code == 0, saved.stderr
        assert saved.stderr == f"Saved 1 choice to {target}\n"
        assert (tmp_path / target).read_text() == (
            'alias,food_id,name\nlazagna,22956,"Lasagna, Vegetable, frozen, baked"\n'
        )
        # ... and the next run reads it: lazagna is no longer a name to look at
        again = CliRunner().invoke(cli, ["resolve", str(diary), "--aliases", target, "-o", "-"])
        assert "lazagna" not in again.stdout and "2 names to look at" in again.stderr
    assert not (tmp_path / "config").exists()  # the default aliases file untouched
    # a report given a missing aliases file still says so: only resolve starts one
    missing = CliRunner().invoke(cli, ["report", str(diary), "--aliases", "nowhere.csv"])
    assert missing.exit_code == 1 and "nowhere.csv" in missing.stderr


@pytest.mark.parametrize("query", ["banana", "salmon", "coffee", "oatmeal", "chicken breast"])
def test_foods_search_is_in_score_order(query):
    rows = list(
        csv.DictReader(io.StringIO(run("foods", "search", query, "--format", "csv").output))
    )
    scores = [float(row["score"]) for row in rows]
    assert len(scores) == 10
    assert scores == sorted(scores, reverse=True), scores
    assert all(0 <= score <= 100 for score in scores)


def test_a_day_and_month_that_are_the_same_number_are_one_date(tmp_path):
    diary = tmp_path / "d.csv"
    diary.write_text(
        "date,food,amount,unit\n03.03.2026,banana,1,medium\n02.03.2026,banana,1,medium\n"
    )
    result = CliRunner().invoke(cli, ["import", str(diary)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["line"], row["date"]) for row in rows] == [("2", "2026-03-03")]
    assert "line 3: bad_date: ambiguous date '02.03.2026' (day/month or month/day?)" in (
        result.stderr
    )


def test_rejection_lines_on_stderr_fit_80_columns(tmp_path):
    diary = tmp_path / "d.csv"
    name = "zorblax " * 50  # 400 characters: an unknown food quoted whole in its message
    diary.write_text(
        f"date,food,amount,unit\n2026-03-02,{name},1,cup\n2026-03-02,banana,1,medium\n"
    )
    result = CliRunner().invoke(cli, ["report", str(diary)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "  line 2: unknown_food: food" in result.stderr
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    told = [line for line in lines if line.startswith("    ")]  # the message wraps on
    assert len(told) >= 5 and "".join(told).count("zorblax") >= 40


@pytest.mark.parametrize("command", [["foods"], ["foods", "search"], ["foods", "show"],
                                     ["references"], ["app"]])  # fmt: skip
def test_exit_codes_of_commands_that_flag_nothing_say_nothing_of_flags(command):
    text = run(*command, "--help").output
    codes = text[text.index("Exit codes:") :]
    assert "flagged" not in codes and "bad rows" not in codes
    assert "2  " in codes and "usage error" in codes
    if command == ["app"]:
        assert "130  stopped with Ctrl-C" in codes


def test_exit_codes_of_the_diary_commands_say_flags_are_results():
    for command in ("report", "plan", "import", "batch"):
        text = run(command, "--help").output
        assert "0  done (flagged nutrients and reported bad rows are results)" in text


@pytest.mark.parametrize(
    ("before", "printed"),
    [
        # what the import made is in the collector's oldest generation, none of it young
        ("pass", "True True"),
        ("gc.disable()", "False True"),  # a program's collector stays off
    ],
)
def test_importing_screener_gives_the_collector_back_as_it_was(before, printed):
    code = f"import gc; {before}; import screener; "
    code += "print(gc.isenabled(), len(gc.get_objects(0)) < 1000)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == printed + "\n", result.stderr


def test_importing_screener_leaves_what_a_program_froze_frozen():
    code = "import gc; kept = [[]]; gc.freeze(); import screener; "
    code += "print(any(o is kept for o in gc.get_objects()))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "False\n", result.stderr
