"""The README tells the truth: every `$ screener …` block shows what the command prints,
and every command has help with examples."""

from __future__ import annotations

import re
import shlex

import click
import pytest
from click.testing import CliRunner

from screener.cli import cli

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
# ```text blocks that start with "$ screener ...": the command, then its output.
SHOWN = re.findall(r"```text\n\$ screener ([^\n]*)\n(.*?)```", README, flags=re.DOTALL)


def test_readme_shows_the_commands_it_documents():
    """Every ```text block that starts with a command is checked below (none is missed by
    the pattern), and the examples the README's sections describe are among them."""
    assert len(SHOWN) == README.count("```text\n$ screener ")
    commands = [command for command, _ in SHOWN]
    for documented in [
        "report examples/week.csv --sex female --age 40",
        "report examples/cronometer_week.csv --sex female --age 40",
        "report examples/week.csv --sex female --age 40 --supplements examples/supplements.csv",
        "plan examples/week.csv --sex female --age 40",
        "references --sex female --age 40",
    ]:
        assert documented in commands, documented


@pytest.mark.parametrize(("command", "expected"), SHOWN, ids=[c for c, _ in SHOWN])
def test_readme_output_is_what_the_program_prints(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, shlex.split(command), catch_exceptions=False)
    assert result.stdout == expected


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += all_commands(command, prefix + name + " ")
    return found


@pytest.mark.parametrize(("name", "command"), all_commands(cli))
def test_every_command_has_help_and_is_in_the_readme(name, command):
    assert command.help, name
    if not isinstance(command, click.Group):
        assert "Example" in command.help, name
        assert f"screener {name}" in README, name


def test_readme_gives_the_limits_of_a_logged_value_the_code_uses():
    from screener.nutrients import RICHEST_PER_100G, VALUE_LIMITS

    text = " ".join(README.split())
    said = re.search(r"rounded up: (.*?)\) times 10 kg", text).group(1)
    words = {
        "energy_kcal": "energy", "water_g": "water", "caffeine_mg": "caffeine",
        "magnesium_mg": "magnesium", "calcium_mg": "calcium", "thiamin_mg": "thiamin",
        "vitamin_b6_mg": "B6", "vitamin_b12_ug": "B12", "vitamin_d_ug": "vitamin D",
        "potassium_mg": "potassium", "sodium_mg": "sodium",
    }  # fmt: skip
    for column, most in RICHEST_PER_100G.items():
        assert f"{words[column]} {most:g} " in said + " ", column
    assert f"at most {VALUE_LIMITS['sodium_mg']:,.0f} mg of sodium" in text


def test_the_readme_links_only_inside_the_repository():
    """Every link of the README (and every path it quotes to a document) names a file of
    this repository: nothing like ../shared/, which a copy of the repository lacks."""
    links = re.findall(r"\]\(([^)#]+)", README)
    assert "docs/method.md" in links
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        assert not link.startswith(("../", "/")), link
        assert (ROOT / link).is_file(), link
    assert not re.findall(r"\.\./[^`\s)]*\.md", README)  # no document outside it either


def test_docs_method_gives_each_number_as_the_code_has_it():
    """docs/method.md section 6: every constant it names, with the value the code holds
    (a changed threshold fails here until the page says it too)."""
    import importlib

    method = (ROOT / "docs" / "method.md").read_text("utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ([\d.]+) \| `screener/(\w+)\.py` \|", method, re.M)
    assert {name for name, _, _ in rows} >= {
        "INCOMPLETE_DAY_KCAL", "AI_LOW_FRACTION", "REASONABLY_SURE", "MIN_OWN_DAYS",
    }  # fmt: skip
    for name, value, module in rows:
        held = getattr(importlib.import_module(f"screener.{module}"), name)
        assert round(float(held), 4) == float(value), name


def test_the_readme_usage_lines_give_every_format_a_command_takes():
    """Each `screener CMD …` usage line of the README lists the --format choices of the
    command's own --help."""
    for name in ("report", "plan", "references"):
        command = cli.commands[name]
        formats = next(p for p in command.params if p.name == "fmt").type.choices
        usage = re.search(rf"`screener {name} [^`]*`", README).group(0)
        assert f"--format {'|'.join(formats)}]" in " ".join(usage.split()), name
