"""The bundled tables reach a built wheel, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from screener import foods

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("screener-*.whl"))


def test_wheel_carries_the_tables(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {
            "screener/data/foods.csv",
            "screener/data/measures.csv",
            "screener/data/aliases.csv",
            "screener/data/fndds_twins.csv",
            "screener/data/foods_ciqual.csv",
            "screener/data/foods_afcd.csv",
            "screener/data/foods_fineli.csv",
            "screener/data/guidelines.csv",
            "screener/data/joined_dishes.csv",
        } <= names
        assert archive.read("screener/data/foods.csv") == (ROOT / "foods.csv").read_bytes()
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt")))
        assert b"screener = screener.cli:cli" in entry_points


def test_installed_package_reads_its_own_copy():
    """Run from an installed (non-editable) package, the table comes from inside it."""
    location = Path(foods.__file__).resolve().parent
    if (location.parent / "foods.csv").is_file():
        pytest.skip("running from a source checkout; CI runs this against the installed wheel")
    assert (location / "data" / "foods.csv").is_file()
    assert len(foods.default_foods().foods) == 8789 + 7083  # SR28 and FNDDS 2017-2018
    # fndds_twins.csv read from inside it: the checkout's pairs, one a data row
    twins = (ROOT / "screener" / "data" / "fndds_twins.csv").read_text("utf-8").splitlines()
    assert len(foods.default_foods().twins) == len(twins) - 1
