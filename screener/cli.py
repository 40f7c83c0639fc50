"""The `screener` command: parse options, call the library, print, choose exit codes.

Exit codes: 0 done (flagged nutrients and reported bad rows are results, not
failures); 1 no usable input or a data error; 2 a usage error.
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

import click

from . import foods as food_table
from .errors import ScreenerError
from .models import OutputFormat
from .nutrients import VALUE_COLUMNS, VALUE_UNITS
from .output import frame_to_csv, text_table

EXIT_CODES = """\b
Exit codes:
  0  done (flagged nutrients and reported bad rows are results)
  1  no usable input, or a data error
  2  a usage error (unknown option, bad value)
"""


class ScreenerGroup(click.Group):
    """Turns every ScreenerError into 'Error: …' on stderr and exit code 1, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScreenerError as error:
            raise click.ClickException(str(error)) from error


def format_option(*formats: OutputFormat) -> Any:
    choices = formats or tuple(OutputFormat)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in choices]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        help="Output format.",
    )


@click.group(cls=ScreenerGroup, epilog=EXIT_CODES)
@click.version_option(package_name="screener", prog_name="screener")
def cli() -> None:
    """Screen a food diary for low intakes of the nutrients that act on nerves and
    muscles: magnesium, calcium, thiamin (B1), B6, B12, vitamin D, potassium, sodium.

    A screening aid, not a diagnosis: persistent or severe symptoms need a
    healthcare professional.

    \b
    Examples:
      screener foods search "banana"
      screener foods show 09040
    """
    if hasattr(signal, "SIGPIPE"):  # `screener … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@cli.group(epilog=EXIT_CODES)
def foods() -> None:
    """Look up foods in the bundled USDA SR28 table (8,789 foods)."""


@foods.command("search", epilog=EXIT_CODES)
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@format_option()
def foods_search(query: str, limit: int, fmt: str) -> None:
    """Find foods by name, best match first: the food_id to write in a diary.

    \b
    Examples:
      screener foods search banana
      screener foods search "cheddar cheese" --limit 5 --format csv
    """
    matches = food_table.search_foods(query, limit=limit)
    if fmt == OutputFormat.CSV:
        click.echo(frame_to_csv(matches), nl=False)
    elif fmt == OutputFormat.JSON:
        click.echo(json.dumps(matches.to_dict(orient="records"), indent=2, ensure_ascii=False))
    elif matches.empty:
        click.echo(f'No food matches "{query}".', err=True)
    else:
        click.echo(text_table(matches, wrap_column="name", max_widths={"food_group": 18}), nl=False)


@foods.command("show", epilog=EXIT_CODES)
@click.argument("food_id")
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
def foods_show(food_id: str, fmt: str) -> None:
    """Show one food's values per 100 g and its household measures.

    \b
    Examples:
      screener foods show 09040
      screener foods show 9040 --format json
    """
    details = food_table.describe_food(food_id)
    if fmt == OutputFormat.JSON:
        click.echo(json.dumps(details, indent=2, ensure_ascii=False))
        return
    click.echo(f"{details['food_id']}  {details['name']}")
    common = "yes" if details["common"] else "no"
    click.echo(f"group: {details['food_group']}; commonly eaten (US survey): {common}")
    click.echo("\nPer 100 g edible portion:")
    for column in VALUE_COLUMNS:
        value = details["per_100g"][column]
        shown = "unknown" if value is None else f"{value:g} {VALUE_UNITS[column]}"
        note = details["derived"].get(column)
        click.echo(f"  {column:<16}{shown}" + (f"  ({note})" if note else ""))
    click.echo("\nHousehold measures:")
    if not details["measures"]:
        click.echo("  none in SR28 (use grams)")
    for measure in details["measures"]:
        click.echo(f"  {measure['amount']:g} {measure['description']} = {measure['grams']:g} g")


def main() -> None:  # pragma: no cover - `python -m screener`
    cli(prog_name="screener")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
