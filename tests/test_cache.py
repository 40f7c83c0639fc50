"""The disk cache of the prepared food table: a hit gives what a build gives, and anything
doubtful (changed inputs, damage, another user's file, no writable folder) means a build."""

from __future__ import annotations

import os
import pickle

import pandas as pd
import pytest

from screener import cache, foods
from screener.matching import NameWords, resolve_names

CODE = [foods._TABLE_CODE[0]]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counted(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_hit_skips_the_build(folder, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    build, calls = counted({"x": 1})
    assert cache.load_or_build("t", [source], CODE, build) == {"x": 1}
    assert cache.load_or_build("t", [source], CODE, build) == {"x": 1}
    assert len(calls) == 1
    assert len(list(folder.glob("t-*.pickle"))) == 1


def test_a_changed_input_is_a_miss(folder, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    cache.load_or_build("t", [source], CODE, lambda: "old")
    source.write_text("ab")
    assert cache.load_or_build("t", [source], CODE, lambda: "new") == "new"


def test_a_damaged_entry_is_rebuilt(folder, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    cache.load_or_build("t", [source], CODE, lambda: "value")
    [entry] = folder.glob("t-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.load_or_build("t", [source], CODE, lambda: "rebuilt") == "rebuilt"
    assert pickle.loads(entry.read_bytes()) == "rebuilt"


def test_another_users_entry_is_never_unpickled(folder, tmp_path, monkeypatch):
    if not hasattr(os, "getuid"):
        pytest.skip("file owners are a POSIX idea")
    source = tmp_path / "input.txt"
    source.write_text("a")
    cache.load_or_build("t", [source], CODE, lambda: "theirs")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(source).st_uid + 1)
    assert cache.load_or_build("t", [source], CODE, lambda: "mine") == "mine"


@pytest.mark.parametrize("value", ["", "off", "0"])
def test_off_writes_nothing(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SCREENER_CACHE_DIR", value)
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "input.txt"
    source.write_text("a")
    build, calls = counted(1)
    cache.load_or_build("t", [source], CODE, build)
    cache.load_or_build("t", [source], CODE, build)
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.txt"]


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("SCREENER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "screener"


def test_no_writable_folder_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setenv("SCREENER_CACHE_DIR", str(blocker / "cache"))
    build, calls = counted("built")
    assert cache.load_or_build("t", [blocker], CODE, build) == "built"
    assert cache.load_or_build("t", [blocker], CODE, build) == "built"
    assert len(calls) == 2


def test_old_entries_are_pruned(folder, tmp_path):
    for number in range(cache.KEEP_ENTRIES + 3):
        source = tmp_path / f"input{number}.txt"
        source.write_text("a")
        cache.load_or_build("t", [source], CODE, lambda: number)  # noqa: B023
    assert len(list(folder.glob("t-*.pickle"))) == cache.KEEP_ENTRIES


def test_cached_food_table_equals_a_fresh_one(folder, monkeypatch):
    first = foods._cached_table(None, None)  # builds and stores
    monkeypatch.setattr(foods, "_read_bundled", lambda: pytest.fail("a hit reads no CSV"))
    cached = foods._cached_table(None, None)
    monkeypatch.undo()
    monkeypatch.setenv("SCREENER_CACHE_DIR", "off")
    fresh = foods._cached_table(None, None)
    for table in (first, cached):
        pd.testing.assert_frame_equal(table.foods, fresh.foods)
        pd.testing.assert_frame_equal(table.measures, fresh.measures)
        assert table.search_index.names == fresh.search_index.names
        assert table.search_index.exact_aliases == fresh.search_index.exact_aliases
        assert (table.search_index.prior == fresh.search_index.prior).all()
    names = ["banana", "grilled chicken breast", "bananna", "09040", "Butter, salted"]
    assert resolve_names(names, cached) == resolve_names(names, fresh)
    # matching's name words are derived once and kept with the table (registered by
    # matching, so foods imports none of it); a fresh table derives them on first use
    assert "words" not in fresh.search_index.row_words
    kept = cached.search_index
    assert set(kept.row_words) >= {"words", "aside", "defining", "identity", "head"}
    derived = NameWords(fresh.search_index, fresh.foods["food_group"].to_numpy())
    for row in range(0, len(kept.names), 997):
        assert set(kept.row_lines("words")[row].split()) == set(derived.words(row))
        assert kept.row_lines("head")[row] == derived.head(row)


def test_a_deferred_value_is_unpickled_when_asked_for():
    kept = pickle.loads(pickle.dumps(cache.Deferred({"rice": ["11111000", "20044"]})))
    assert kept._value is cache._MISSING  # still a pickle of its own
    assert kept.value == {"rice": ["11111000", "20044"]}
    assert pickle.loads(pickle.dumps(kept)).value == {"rice": ["11111000", "20044"]}
    assert cache.Deferred([1, 2]).value == [1, 2]  # outside the cache: the value itself


def test_what_a_report_seldom_needs_is_read_from_the_cache_when_asked(folder, monkeypatch):
    foods._cached_table(None, None)  # builds and stores
    cached = foods._cached_table(None, None)
    monkeypatch.setenv("SCREENER_CACHE_DIR", "off")
    fresh = foods._cached_table(None, None)
    # the measures frame: a report converts with its columns, kept beside it
    assert "measures" not in vars(cached)
    assert cached.measure_list("09040") == fresh.measure_list("09040")
    assert "measures" not in vars(cached)
    again = pickle.loads(pickle.dumps(cached))  # (pickled again before it was asked for)
    pd.testing.assert_frame_equal(again.measures, fresh.measures)
    pd.testing.assert_frame_equal(cached.measures, fresh.measures)  # made when asked
    # FNDDS's other names: only for a name nothing else took
    assert cached.derived["other names"]._value is cache._MISSING
    # FNDDS: 93401030 "Wine, table, rose" is also "pink or blush; White Zinfandel"
    assert resolve_names(["White Zinfandel"], cached)["White Zinfandel"].food_id == "93401030"


def test_an_edited_alias_file_is_seen(folder, tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nmy cereal,08020\n")
    table = foods.load_foods(user_aliases=aliases)
    assert resolve_names(["my cereal"], table)["my cereal"].food_id == "08020"
    aliases.write_text("alias,food_id\nmy cereal,08013\n")
    os.utime(aliases, ns=(1, 1))  # a new mtime even on a coarse clock
    table = foods.load_foods(user_aliases=aliases)
    assert resolve_names(["my cereal"], table)["my cereal"].food_id == "08013"
