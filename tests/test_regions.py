"""--region and the region a person keeps in config.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from screener.errors import DataFileError
from screener.regions import configured_region, with_region

from conftest import ROOT

WEEK = "examples/week.csv"


def test_a_region_fills_what_was_not_chosen(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no config kept
    assert with_region(None, None, None) == (None, "nasem")
    assert with_region("fr", None, None) == (("ciqual",), "efsa")
    assert with_region("fi", None, None) == (("fineli",), "efsa")
    assert with_region("au", None, None) == (("afcd",), "nasem")
    assert with_region("us", None, None) == (("usda",), "nasem")
    # what is said wins over the region
    assert with_region("fr", ("usda",), None) == (("usda",), "efsa")
    assert with_region("fr", None, "nasem") == (("ciqual",), "nasem")
    with pytest.raises(ValueError, match="no region 'de'"):
        with_region("de", None, None)


def test_a_kept_region(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = tmp_path / "screener" / "config.toml"
    config.parent.mkdir()
    config.write_text('# my settings\nregion = "FI"\n', "utf-8")
    assert configured_region() == "fi"
    assert with_region(None, None, None) == (("fineli",), "efsa")
    assert with_region("us", None, None) == (("usda",), "nasem")  # the option wins
    config.write_text('\nregion = "de"\n', "utf-8")
    with pytest.raises(DataFileError, match=r"config.toml, line 2: region 'de'"):
        configured_region()
    config.write_text("region = \n", "utf-8")
    with pytest.raises(DataFileError, match="line 1"):
        configured_region()
    config.write_text('other = "x"\n', "utf-8")
    assert configured_region() is None


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "screener", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT)  # fmt: skip


def test_region_on_the_command_line(tmp_path):
    import os

    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    done = run("references", "--region", "fr", "--sex", "female", "--age", "40", env=env)
    assert done.stdout.startswith("Dietary Reference Values (EFSA, per day)")
    done = run("foods", "search", "Milk, whole, pasteurised", "--region", "fr", env=env)
    assert "ciqual:19024" in done.stdout
    assert run("report", WEEK, "--region", "xx", env=env).returncode == 2
    # without a region, nothing changes
    plain = run("report", WEEK, "--sex", "female", "--age", "40", env=env)
    assert plain.stdout == (ROOT / "tests" / "golden" / "week_female_40.txt").read_text("utf-8")
    (tmp_path / "screener").mkdir()
    (tmp_path / "screener" / "config.toml").write_text('region = "de"\n', "utf-8")
    bad = run("references", env=env)
    assert bad.returncode == 1 and "config.toml, line 1" in bad.stderr
