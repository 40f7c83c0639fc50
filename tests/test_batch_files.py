"""`screener batch` of many files and folders, of every format the report reads: each
file's people (the file's stem where it has no user column), every file and row
accounted for, per-person means equal to the files' own values."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from screener.batch import NoFileScreenedError, diary_files, rejected_frame, screen_files
from screener.cli import cli
from screener.errors import DataFileError
from screener.models import Profile, RejectReason

from conftest import DATA, unknown_as_none


def _cells(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(DATA / "cronometer_daily.csv", folder / "ana.csv")
    shutil.copy(DATA / "mfp_food_diary.csv", folder / "ben.csv")
    shutil.copy(DATA / "loseit_food_log.csv", folder / "cy.csv")
    shutil.copy(DATA / "meal_log_week.csv", folder / "dee.csv")
    (folder / "notes.md").write_text("not a diary")  # not a diary file: not read
    (folder / ".hidden.csv").write_text("x")
    return folder


def test_a_folder_is_its_diary_files_in_name_order(clients):
    assert [p.name for p in diary_files([clients])] == ["ana.csv", "ben.csv", "cy.csv", "dee.csv"]


def test_an_empty_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(DataFileError, match="is a folder with no diary file"):
        diary_files([tmp_path])


def test_each_file_is_a_person_named_by_its_stem_with_the_files_own_values(clients):
    result, files = screen_files([clients])
    assert [(Path(f.path).name, f.people) for f in files] == [
        ("ana.csv", ["ana"]), ("ben.csv", ["ben"]), ("cy.csv", ["cy"]), ("dee.csv", ["dee"]),
    ]  # fmt: skip
    assert sorted(set(result.results["user"])) == ["ana", "ben", "cy", "dee"]
    # ana: a Cronometer daily summary; her magnesium is the mean of the file's days
    days = [c for c in _cells(clients / "ana.csv") if c["Magnesium (mg)"].strip()]
    mean = sum(float(c["Magnesium (mg)"]) for c in days) / len(days)
    ana = result.results.set_index(["user", "nutrient"]).loc[("ana", "magnesium")]
    assert ana["mean_daily_intake"] == pytest.approx(mean, rel=0.01)
    assert ana["days_logged"] == len(days)
    # every row of every file used, rejected or left out
    for f in files:
        assert f.rows_used + len(f.rejected) + f.skipped == f.data_lines
    assert result.rows_used == sum(f.rows_used for f in files)


def test_an_asa24_totals_file_goes_straight_into_batch_with_its_people():
    result, files = screen_files([DATA / "asa24_totals.csv"])
    assert files[0].kind == "ASA24 Totals file" and files[0].people == ["STU01", "STU02"]
    cells = _cells(DATA / "asa24_totals.csv")
    table = result.results.set_index(["user", "nutrient"])
    for user in ("STU01", "STU02"):
        recalls = [c for c in cells if c["UserName"] == user]
        for code, nutrient in (("MAGN", "magnesium"), ("VITD", "vitamin_d"), ("SODI", "sodium")):
            mean = sum(float(c[code]) for c in recalls) / len(recalls)
            assert table.loc[(user, nutrient), "mean_daily_intake"] == pytest.approx(mean)


def test_profiles_are_keyed_by_the_files_name(clients):
    result, _ = screen_files([clients], profiles={"ana": Profile(sex="male", age=60)})
    targets = result.results.set_index(["user", "nutrient"])["target"]
    assert targets[("ana", "magnesium")] == 420  # men 51-70: RDA 420 mg
    assert result.default_profile_users == ["ben", "cy", "dee"]
    groups = set(result.prevalence["group"])
    assert groups == {"males 51-70", "adults 31-50 (sex not given)"}


def test_a_file_that_cannot_be_read_is_reported_and_the_others_screened(clients):
    (clients / "broken.csv").write_text("junk\n1\n")
    result, files = screen_files([clients, clients / "missing.csv"])
    errors = {Path(f.path).name: f.error for f in files if f.error}
    assert set(errors) == {"broken.csv", "missing.csv"}
    assert "no recognisable header" in errors["broken.csv"]
    assert "broken.csv" in errors["broken.csv"]  # the message names the file
    assert sorted(set(result.results["user"])) == ["ana", "ben", "cy", "dee"]
    with pytest.raises(DataFileError, match=r"broken\.csv"):
        screen_files([clients / "ana.csv", clients / "broken.csv"], strict=True)


def test_no_file_screened_is_an_error(tmp_path):
    (tmp_path / "a.csv").write_text("junk\n")
    with pytest.raises(NoFileScreenedError, match=r"a\.csv"):
        screen_files([tmp_path])


def test_one_person_in_two_files_is_refused_in_the_second(tmp_path):
    shutil.copy(DATA / "cronometer_daily.csv", tmp_path / "ana.csv")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(DATA / "cronometer_servings.csv", other / "ana.csv")
    _, files = screen_files([tmp_path / "ana.csv", other])
    assert files[0].error is None
    assert "person 'ana' is in" in str(files[1].error)


def test_rejected_rows_of_every_file_name_their_file(clients):
    _, files = screen_files([clients])
    frame = rejected_frame(files)
    assert list(frame.columns) == ["file", "line", "reason", "column", "value", "message"]
    assert len(frame) == sum(len(f.rejected) for f in files)
    dee = frame[frame["file"].str.endswith("dee.csv")]
    assert 12 in dee["line"].tolist()  # meal_log_week.csv line 12: "xyzzy", no food


def test_cli_batch_of_a_folder_and_a_file_says_files_and_people(clients, tmp_path):
    (clients / "broken.csv").write_text("junk\n")
    out, rejected = tmp_path / "r.csv", tmp_path / "rej.csv"
    result = CliRunner().invoke(
        cli,
        ["batch", str(clients), str(DATA / "asa24_totals.csv"), "-o", str(out),
         "--rejected", str(rejected)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "Not read: " in said and "broken.csv, line 1: no recognisable header" in said
    assert "6 files (1 not read):" in said and "6 people screened" in said
    assert "ana.csv (Cronometer daily summary export): 1 person" in said
    users = {row["user"] for row in _cells(out)}
    assert users == {"ana", "ben", "cy", "dee", "STU01", "STU02"}
    assert {row["file"] for row in _cells(rejected)} >= {str(clients / "dee.csv")}


def test_cli_batch_strict_writes_nothing_when_a_file_is_not_read(clients, tmp_path):
    (clients / "broken.csv").write_text("junk\n")
    out = tmp_path / "r.csv"
    files = [str(clients / "ana.csv"), str(clients / "broken.csv")]
    result = CliRunner().invoke(cli, ["batch", *files, "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert "broken.csv, line 1: no recognisable header" in result.stderr
    assert not out.exists()
    # without --strict the same files are screened, the broken one listed
    assert CliRunner().invoke(cli, ["batch", *files, "-o", str(out)]).exit_code == 0
    assert out.exists()


def test_each_persons_results_are_their_own_report(clients):
    from screener.diary import read_diary
    from screener.models import report_frame
    from screener.scoring import screen

    result, _ = screen_files([clients])
    for person in ("ana", "ben", "cy", "dee"):
        report = screen(read_diary(clients / f"{person}.csv"), Profile())
        alone = report_frame(report)
        rows = result.results[result.results["user"] == person].reset_index(drop=True)
        columns = ["nutrient", "mean_daily_intake", "status", "confidence", "days_logged"]
        pd.testing.assert_frame_equal(
            unknown_as_none(rows[columns]), unknown_as_none(alone[columns]), check_dtype=False
        )
        # each person's counts of rows read on an assumption, as a cohort's results have them
        assumed = ["amounts_assumed", "foods_assumed", "fuzzy_matched"]
        assert rows[assumed].to_numpy().tolist() == [
            [len(report.amounts_assumed), len(report.foods_assumed), len(report.fuzzy_matched)]
        ] * len(rows)


# ASA24's supplement files, with the columns of the 2016 files a study published
# (knights-lab/dietstudy_analyses, MCTs_*_TS.csv and _INS.csv); the values are made up.
TS_HEADER = (
    "UserName,UserID,RecallNo,RecallAttempt,RecallStatus,IntakeStartDateTime,"
    "IntakeEndDateTime,ReportingDate,Lang,NumSuppls,KCAL,CAFF,CALC,MAGN,POTA,SODI,VB1,"
    "VB6,VB12,VITD,DataComp"
)
INS_HEADER = (
    "UserName,UserID,RecallNo,RecallAttempt,RecallStatus,IntakeStartDateTime,"
    "IntakeEndDateTime,ReportingDate,Lang,Occ_No,Occ_Time,Occ_Name,SupplNum,SupplCode,"
    "SupplUnit,SupplAmount,KCAL,CAFF,CALC,MAGN,POTA,SODI,VB1,VB6,VB12,VITD,SupplComp,"
    "Suppl_Description"
)


def _asa24_study(folder: Path, number_of: dict[str, int]) -> Path:
    """A study's Totals and Items (the bundled fixtures), each file numbered apart as
    ASA24 numbers a download's files."""
    folder.mkdir()
    for role in ("Totals", "Items"):
        if role in number_of:
            name = f"STU_{number_of[role]}_{role}.csv"
            shutil.copy(DATA / f"asa24_{role.lower()}.csv", folder / name)
    return folder


def test_an_asa24_studys_supplements_are_added_to_its_food_recalls(tmp_path):
    study = _asa24_study(tmp_path / "study", {"Items": 23887, "Totals": 23890})
    # STU01 took 200 mg of magnesium and 50 ug of vitamin D on the first recall day
    (study / "STU_23892_TS.csv").write_text(
        f"{TS_HEADER}\n"
        "STU01,11111,1,0,2,04/17/2016 12:00 AM,04/18/2016 12:00 AM,04/18/2016,1,2,0,0,0,"
        "200,0,0,0,0,0,50,1\n"
        "STU09,99999,1,0,2,04/17/2016 12:00 AM,04/18/2016 12:00 AM,04/18/2016,1,1,0,0,0,"
        "100,0,0,0,0,0,0,1\n"
    )
    (study / "STU_23888_INS.csv").write_text(f"{INS_HEADER}\n")
    (study / "STU_23891_TNS.csv").write_text("UserName,RecallNo,NumFoods,NumSuppls,MAGN\n")
    result, files = screen_files([study])
    by_name = {Path(f.path).name: f for f in files}
    assert by_name["STU_23890_Totals.csv"].people == ["STU01", "STU02"]
    assert "the foods of the same recalls as" in str(by_name["STU_23887_Items.csv"].left_out)
    assert "the same supplements as" in str(by_name["STU_23888_INS.csv"].left_out)
    assert "cannot be told apart" in str(by_name["STU_23891_TNS.csv"].left_out)
    ts = by_name["STU_23892_TS.csv"]
    assert (ts.people, ts.data_lines, ts.rows_used) == (["STU01"], 2, 1)
    assert [(r.line, r.reason, r.value) for r in ts.rejected] == [
        (3, RejectReason.NO_FOOD_RECALL, "STU09")
    ]  # a person with no food recall: their supplements are counted, not used
    cells = [c for c in _cells(DATA / "asa24_totals.csv") if c["UserName"] == "STU01"]
    by = result.results.set_index(["user", "nutrient"])
    for nutrient, code, taken in (("magnesium", "MAGN", 200.0), ("vitamin_d", "VITD", 50.0)):
        food = sum(float(c[code]) for c in cells)
        assert by.loc[("STU01", nutrient), "mean_daily_intake"] == pytest.approx(
            (food + taken) / len(cells)
        )  # food and supplements over the recall days, as ASA24's TNS sums them
        assert by.loc[("STU01", nutrient), "food_intake"] == pytest.approx(food / len(cells))
        assert by.loc[("STU01", nutrient), "supplement_intake"] == pytest.approx(taken / len(cells))
    stu02 = [c for c in _cells(DATA / "asa24_totals.csv") if c["UserName"] == "STU02"]
    assert by.loc[("STU02", "magnesium"), "mean_daily_intake"] == pytest.approx(
        sum(float(c["MAGN"]) for c in stu02) / len(stu02)
    )


def test_an_asa24_ins_file_adds_each_supplement_where_there_is_no_ts(tmp_path):
    study = _asa24_study(tmp_path / "study", {"Totals": 5})
    rows = [
        "STU01,11111,1,0,2,04/17/2016 12:00 AM,04/18/2016 12:00 AM,04/18/2016,1,1,"
        "04/17/2016 08:00 AM,1,1,1888013210,Dose(s),1.000,0,0,0,120,0,0,1.2,3,18,17.5,1,"
        "DEFAULT MEN'S MULTIVITAMIN / MULTIMINERAL",
        "STU01,11111,1,0,2,04/17/2016 12:00 AM,04/18/2016 12:00 AM,04/18/2016,1,5,"
        "04/17/2016 06:27 PM,5,2,1888796800,Dose(s),1.000,0,0,0,0,0,0,0,0,0,125,1,"
        "VITAMIN D 5000 IU",
    ]
    (study / "STU_6_INS.csv").write_text(INS_HEADER + "\n" + "\n".join(rows) + "\n")
    result, files = screen_files([study])
    cells = [c for c in _cells(DATA / "asa24_totals.csv") if c["UserName"] == "STU01"]
    vitamin_d = result.results.set_index(["user", "nutrient"]).loc[("STU01", "vitamin_d")]
    food = sum(float(c["VITD"]) for c in cells)
    assert vitamin_d["mean_daily_intake"] == pytest.approx((food + 17.5 + 125) / len(cells))
    assert [f.rows_used for f in files if f.path.endswith("INS.csv")] == [2]


def test_an_asa24_supplements_file_alone_is_read_as_supplements_not_food(tmp_path):
    from screener.diary import read_diary
    from screener.errors import ScreenerError
    from screener.scoring import screen

    path = tmp_path / "STU_1_TS.csv"
    path.write_text(
        f"{TS_HEADER}\n"
        "STU01,11111,1,0,2,04/17/2016 12:00 AM,04/18/2016 12:00 AM,04/18/2016,1,2,0,0,0,"
        "200,0,0,0,0,0,50,1\n"
    )
    read = read_diary(path)
    assert list(read.rows["source"]) == ["supplement"]
    assert read.rows["magnesium_mg"].tolist() == [200.0]
    with pytest.raises(ScreenerError, match="supplements alone, no food"):
        screen(read, Profile(), "STU01")
    with pytest.raises(NoFileScreenedError) as caught:
        screen_files([tmp_path])
    assert "with no Totals or Items file of the same study" in str(caught.value)


def test_the_days_chosen_apply_to_every_file_and_every_row_is_counted(clients):
    from datetime import date

    result, files = screen_files([clients], days=(None, date(2026, 3, 3), None))
    for f in files:
        assert f.rows_used + len(f.rejected) + f.skipped == f.data_lines
    ana = [c for c in _cells(clients / "ana.csv") if c["Date"] <= "2026-03-03"]
    ana = [c for c in ana if c["Magnesium (mg)"].strip()]
    row = result.results.set_index(["user", "nutrient"]).loc[("ana", "magnesium")]
    assert row["days_logged"] == len(ana)
    assert row["mean_daily_intake"] == pytest.approx(
        sum(float(c["Magnesium (mg)"]) for c in ana) / len(ana)
    )
    assert result.rows_outside > 0


def test_a_cohort_among_the_files_is_streamed_and_every_row_counted(tmp_path):
    from datetime import date

    shutil.copy(DATA / "cohort.csv", tmp_path / "cohort.csv")
    shutil.copy(DATA / "cronometer_daily.csv", tmp_path / "zed.csv")
    for days in ((None, None, None), (None, date(2026, 3, 2), None)):
        result, files = screen_files([tmp_path], days=days)
        cohort = next(f for f in files if f.path.endswith("cohort.csv"))
        assert cohort.kind == "meal log" and len(cohort.people) == 3
        for f in files:
            assert f.rows_used + len(f.rejected) + f.skipped == f.data_lines
        assert set(result.results["user"]) == {"zed", *cohort.people}


def _zipped(path: Path, members: dict[str, Path | str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body.read_bytes() if isinstance(body, Path) else body)
    return path


def test_a_zip_in_a_folder_or_given_is_its_diary_named_by_the_zips_stem(clients, tmp_path):
    # eve's export as downloaded: her food diary beside a file that is no diary
    _zipped(
        clients / "eve.zip",
        {"Food-Diary.csv": DATA / "mfp_food_diary.csv", "readme.txt": "not a diary"},
    )
    assert "eve.zip" in [p.name for p in diary_files([clients])]
    result, files = screen_files([clients])
    eve = next(f for f in files if Path(f.path).name == "eve.zip")
    assert eve.error is None and eve.people == ["eve"]
    # her values are the diary's own: the same as ben's, the same file unzipped
    means = result.results.set_index(["user", "nutrient"])["mean_daily_intake"]
    for nutrient in ("magnesium", "calcium", "sodium"):
        assert means[("eve", nutrient)] == pytest.approx(means[("ben", nutrient)])
    # a ZIP given by name, and one with no diary inside reported with why, not screened
    alone = _zipped(tmp_path / "fay.zip", {"Food-Diary.csv": DATA / "mfp_food_diary.csv"})
    empty = _zipped(tmp_path / "gus.zip", {"readme.txt": "not a diary"})
    result, files = screen_files([alone, empty])
    assert [f.people for f in files] == [["fay"], []]
    assert "a ZIP with no diary inside" in files[1].error
    assert set(result.results["user"]) == {"fay"}


def test_files_scored_in_parts_are_scored_as_together(clients, monkeypatch):
    import screener.batch as batch

    together, _ = screen_files([clients, DATA / "cronometer_servings.csv"])
    monkeypatch.setattr(batch, "SCORED_TOGETHER", 1)  # each file scored on its own
    apart, _ = screen_files([clients, DATA / "cronometer_servings.csv"])
    pd.testing.assert_frame_equal(together.results, apart.results, check_exact=True)
    pd.testing.assert_frame_equal(together.prevalence, apart.prevalence, check_exact=True)
