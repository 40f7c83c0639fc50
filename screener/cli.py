"""The `screener` command: parse options, call the library, print, choose exit codes.

Exit codes: 0 done (flagged nutrients and reported bad rows are results, not
failures); 1 no usable input or a data error; 2 a usage error.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import io
import json
import signal
import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd

from . import foods as food_table
from . import regions
from .diary import (
    IMPLAUSIBLE,
    JOINED,
    DiaryRead,
    DiaryRejectedError,
    NoUsableRowsError,
    assumed_rows,
    choose_days,
    import_frame,
    parse_last,
    read_diary,
)
from .errors import ProfileError, SameOutputError, ScreenerError
from .models import LifeStage, MatchKind, OutputFormat, Profile, RejectReason, Sex, profile_of
from .nutrients import DEFAULT_FOOD_TABLE, FOOD_TABLES, NUTRIENTS, VALUE_COLUMNS, VALUE_UNITS
from .output import check_outputs, counted, frame_to_csv, text_table, write_atomic
from .plan_options import DEFAULT_MAX_KCAL, DIETS
from .reference_systems import reference_values
from .references import (
    IMPLIED_BY_RDA,
    NASEM,
    REFERENCE_SYSTEMS,
)
from .report import details_frame, render, render_plan, trend_frame
from .scoring import screen
from .sentences import BORROWED_ROWS, USUAL_PORTION_ROWS
from .supplements import read_supplements


def exit_codes(*codes: tuple[int, str]) -> str:
    """A command's "Exit codes:" epilog: CODES (code, meaning), then 2, a usage error."""
    codes = tuple(sorted((*codes, (2, "a usage error (unknown option, bad value)"))))
    width = max(len(str(code)) for code, _ in codes) + 2
    return "\b\nExit codes:\n" + "".join(f"  {code:<{width}}{words}\n" for code, words in codes)


EXIT_CODES = exit_codes(
    (0, "done (flagged nutrients and reported bad rows are results)"),
    (1, "no usable input, or a data error"),
)
# The look-ups read no diary and flag nothing; the app runs until Ctrl-C.
FOODS_EXIT_CODES = exit_codes((0, "done"), (1, "no such food, or a foods file that cannot be used"))
REFERENCES_EXIT_CODES = exit_codes((0, "done"))
APP_EXIT_CODES = exit_codes(
    (1, "the port is taken, or a foods or aliases file cannot be used"),
    (130, "stopped with Ctrl-C, the way it ends"),
)


class NumberRange(click.FloatRange):
    """A FloatRange that refuses nan too (no comparison with a bound refuses it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:  # nan
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


class StdoutClosedError(OSError):
    """Standard output was closed before screener started (`screener … >&-`)."""


class ClosedStdout(io.TextIOBase):
    """sys.stdout where the shell closed it (Python makes it None, and click then prints
    nothing): writing to it is an error, so that output is never lost with exit 0."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise StdoutClosedError(errno.EBADF, "it is closed")


# Set by ScreenerGroup.main: a run of its own (sys.argv), not a call from a test or a program.
_OWN_PROCESS = False


def load_table(
    user_foods: str | None, user_aliases: str | None, tables: tuple[str, ...] | None, **kw: Any
) -> food_table.FoodTable:
    """The food table for a command (foods.load_user_foods). In a run of its own, it then
    leaves the cyclic collector's walks with the rest of what lives to the exit (see
    ScreenerGroup.main): read from the cache with the collector off, all of it is new to
    the collector, whose next walks would visit it all (some 5-10 ms of a report)."""
    table = food_table.load_user_foods(user_foods, user_aliases, tables, **kw)
    if _OWN_PROCESS:
        gc.freeze()
    return table


class ScreenerGroup(click.Group):
    """Turns every ScreenerError into 'Error: …' on stderr and exit code 1, in one place."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if sys.stdout is None:
            sys.stdout = ClosedStdout()
        own_process = not args and kwargs.get("args") is None  # sys.argv: a run of its own
        global _OWN_PROCESS
        _OWN_PROCESS = own_process
        if own_process:
            # What is made by now (pandas, pydantic, screener's modules) and by the end (the
            # food table) lives to the exit: the cyclic collector need not walk it again,
            # during the run or at the exit (some 100 ms of a report's 500).
            gc.freeze()
        try:
            return super().main(*args, **kwargs)
        except StdoutClosedError as error:  # --help, --version: printed before invoke
            click.echo(f"Error: cannot write to standard output: {error.strerror}", err=True)
            sys.exit(1)
        finally:
            if own_process:
                gc.freeze()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SameOutputError as error:
            raise click.UsageError(str(error)) from error
        except ScreenerError as error:
            raise click.ClickException(str(error)) from error
        except StdoutClosedError as error:
            raise click.ClickException(
                f"cannot write to standard output: {error.strerror}"
            ) from error
        except OSError as error:  # a name the system refuses (over 255 bytes) before a read
            if error.filename is None:
                raise
            why = (error.strerror or str(error)).lower()
            raise click.ClickException(f"{error.filename}: cannot be read: {why}") from error
        except KeyboardInterrupt:  # Ctrl-C: one line, and files are written whole or not
            click.echo("Interrupted; no file was left half written.", err=True)
            ctx.exit(130)


def format_option(*formats: OutputFormat) -> Any:
    choices = formats or (OutputFormat.TABLE, OutputFormat.CSV, OutputFormat.JSON)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in choices]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        help="Output format.",
    )


def apply_options(options: list[Any], command: Any) -> Any:
    """Decorate COMMAND with OPTIONS, shown in --help in the order listed."""
    for option in reversed(options):
        command = option(command)
    return command


def profile_options(command: Any) -> Any:
    """--sex, --age and --life-stage (make_profile turns them into a Profile)."""
    options = [
        click.option(
            "--sex", type=click.Choice([s.value for s in Sex]), help="Sex for the DRI group."
        ),
        click.option("--age", type=float, help="Age in years (1-120); 18.5 counts as 18."),
        click.option(
            "--life-stage",
            type=click.Choice([s.value for s in LifeStage if s is not LifeStage.NONE]),
            help="Pregnant or lactating (females 14-50).",
        ),
    ]
    return apply_options(options, command)


def make_profile(sex: str | None, age: float | None, life_stage: str | None) -> Profile:
    """A Profile from the options, or a usage error (exit 2) naming what is wrong."""
    try:
        return profile_of(sex, age, life_stage)
    except ProfileError as error:
        raise click.UsageError(str(error)) from error


def _table_names(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
    """--table's names, in order (None when not given: the default, usda)."""
    if not value:
        return None
    try:
        return food_table.table_names(value)
    except food_table.UnknownTableError as error:
        raise click.BadParameter(str(error), ctx, param) from error


def references_option(command: Any) -> Any:
    """--references: whose reference values the person is judged against."""
    return click.option(
        "--references",
        "references",
        type=click.Choice(list(REFERENCE_SYSTEMS)),
        default=None,
        help="Reference values: nasem (US/Canada DRIs; the default) or efsa (EFSA's DRVs: "
        "AR, PRI, AI; thiamin per MJ of your own energy intake).",
    )(command)


def region_option(command: Any) -> Any:
    """--region: a country's table and reference values, where --table and --references
    are not given (else the region kept in config.toml; else usda and nasem)."""

    @functools.wraps(command)
    def with_region(*args: Any, region: str | None, **kwargs: Any) -> Any:
        tables, references = regions.with_region(
            region, kwargs.get("tables"), kwargs.get("references")
        )
        if "tables" in kwargs:
            kwargs["tables"] = tables
        if "references" in kwargs:
            kwargs["references"] = references
        return command(*args, **kwargs)

    return click.option(
        "--region",
        type=click.Choice(list(regions.REGIONS)),
        help="fr: --table ciqual --references efsa; fi: fineli, efsa; au: afcd, nasem; "
        "us: usda, nasem (default: the region in ~/.config/screener/config.toml, if any).",
    )(with_region)


def table_option(command: Any) -> Any:
    """--table: the food table(s) names are matched in and values come from."""
    return click.option(
        "--table",
        "tables",
        multiple=True,
        callback=_table_names,
        metavar="NAME",
        help="Food table: usda (default: USDA SR28 with FNDDS), ciqual (France), afcd "
        "(Australia), fineli (Finland); several in order, by commas or repeated.",
    )(command)


def diary_options(command: Any) -> Any:
    """--table, --foods, --aliases and --strict: how diary rows become foods."""
    options = [
        table_option,
        click.option(
            "--foods",
            "user_foods",
            type=click.Path(dir_okay=False),
            help="Your own foods, in the columns of foods.csv (default: "
            "~/.config/screener/foods.csv if it exists).",
        ),
        click.option(
            "--aliases",
            "user_aliases",
            type=click.Path(dir_okay=False),
            help="Your own names for foods: CSV of alias,food_id (default: "
            "~/.config/screener/aliases.csv if it exists).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Fail, writing nothing, on any rejected row or fuzzy food match.",
        ),
    ]
    return apply_options(options, command)


class LastDays(click.ParamType):
    """--last: N days, or Nw weeks (diary.parse_last)."""

    name = "N|Nw"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int):
            return value
        try:
            return parse_last(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def days_options(command: Any) -> Any:
    """--from, --to and --last: the days to screen (Days turns them into a choice)."""
    options = [
        click.option(
            "--from", "from_date", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
            help="Screen the days from DATE (YYYY-MM-DD) on; rows before are left out, "
            "and counted.",
        ),
        click.option(
            "--to", "to_date", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
            help="Screen the days up to DATE (inclusive).",
        ),
        click.option(
            "--last", "last_days", type=LastDays(), metavar="N|Nw",
            help="Screen the last N days (or Nw weeks: 4w) up to the diary's last logged "
            "day (or --to).",
        ),
    ]  # fmt: skip
    return apply_options(options, command)


def day_choice(start: Any, end: Any, last_days: int | None) -> tuple[Any, Any, int | None]:
    """The --from, --to and --last options as (first, last, last_days) dates, or a usage
    error (exit 2) where they contradict each other."""
    if start is not None and last_days is not None:
        raise click.UsageError("--last counts back from the last day: give --from or --last")
    if start is not None and end is not None and start > end:
        raise click.UsageError(f"--from {start:%Y-%m-%d} is after --to {end:%Y-%m-%d}")
    return (start.date() if start else None, end.date() if end else None, last_days)


def chosen_days(read: DiaryRead, days: tuple[Any, Any, int | None], user: str | None) -> DiaryRead:
    """READ with only the days of the --from, --to, --last options DAYS."""
    return choose_days(read, *day_choice(*days), user=user)


def load_diary(
    diary: str,
    table: food_table.FoodTable,
    strict: bool,
    user: str | None = None,
    days: tuple[Any, Any, int | None] = (None, None, None),
) -> DiaryRead:
    """Read DIARY (only the DAYS chosen: --from, --to, --last), printing on stderr what
    the library reports before any failure."""
    try:
        read = read_diary(diary, foods=table, strict=strict, user=user)
    except (DiaryRejectedError, NoUsableRowsError) as error:
        echo_rejected(error.rejected)
        raise
    for warning in read.warnings:
        click.echo(f"Warning: {warning}", err=True)
    return chosen_days(read, days, user)


def echo_rejected(
    rejected: list[Any], title: str = "Rejected rows", total: int | None = None
) -> None:
    if not rejected:
        return
    shown = len(rejected)
    count = shown if total is None or total == shown else f"{total}; the first {shown}"
    click.echo(f"{title} ({count}):", err=True)
    for row in rejected:  # wrapped: a message may quote a long cell
        line = f"  line {row.line}: {row.reason}: {row.message}"
        click.echo(click.wrap_text(line, 80, subsequent_indent="    "), err=True)


# A cohort may reject tens of thousands of rows: the terminal shows the first of them.
REJECTED_SHOWN = 20


def echo_implausible(found: list[tuple[int | None, str, str]]) -> None:
    """Batch's implausible rows, used as written: the first REJECTED_SHOWN, and a count."""
    if not found:
        return
    click.echo(f"Implausible, used as written (check them) ({len(found)}):", err=True)
    for line, user, why in found[:REJECTED_SHOWN]:
        where = f"line {line} ({user})" if line is not None else user
        click.echo(f"  {where}: {why.removeprefix(IMPLAUSIBLE + ': ')}", err=True)
    if len(found) > REJECTED_SHOWN:
        click.echo(f"  … and {len(found) - REJECTED_SHOWN} more", err=True)


def echo_more_rejected(rejected: Any, written_to: str | None) -> None:
    """How many rejected rows were not shown, by reason, and where they all are."""
    if len(rejected) <= REJECTED_SHOWN:
        return
    reasons = rejected.reasons(REJECTED_SHOWN)
    by_reason = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    where = f"all are in {written_to}" if written_to else "--rejected FILE writes them all"
    click.echo(
        click.wrap_text(
            f"  … and {len(rejected) - REJECTED_SHOWN} more ({by_reason}): {where}",
            80, subsequent_indent="    ",
        ),
        err=True,
    )  # fmt: skip


# People shown by name when they have the default profile: the count says the rest.
DEFAULT_USERS_SHOWN = 10


def echo_default_profile(users: list[str], profiles_given: bool) -> None:
    """Who gets the default profile: everyone (no --profiles), or the first few."""
    if not users:
        return
    if not profiles_given:
        click.echo(f"No --profiles: all {len(users)} people have the default profile.", err=True)
        return
    shown = ", ".join(users[:DEFAULT_USERS_SHOWN])
    more = (
        f", … ({len(users) - DEFAULT_USERS_SHOWN} more)" if len(users) > DEFAULT_USERS_SHOWN else ""
    )
    click.echo(
        click.wrap_text(
            f"Default profile (no row in --profiles) for {len(users)} "
            f"{'person' if len(users) == 1 else 'people'}: {shown}{more}",
            80,
        ),
        err=True,
    )


def rejected_csv(rejected: Any) -> str:
    """Batch's rejected rows (batch.RejectedRows) as CSV: line, reason, column, value,
    message."""
    return frame_to_csv(rejected.to_frame())


def echo_skipped(read: DiaryRead) -> None:
    """Lines that are not entries (empty dates, deleted entries), the first few; and how
    many rows are outside the chosen days."""
    entries = [s for s in read.skipped if s.reason is not RejectReason.OUTSIDE_DAYS]
    shown = entries[:SKIPPED_SHOWN]
    echo_rejected(shown, "Left out, not diary entries")
    if len(entries) > len(shown):
        more = len(entries) - len(shown)
        click.echo(f"  … and {more} more (all of them in the output of --details)", err=True)
    chosen = read.days_chosen
    if chosen is not None and chosen.rows_outside:
        click.echo(
            f"Left out: {chosen.rows_outside} row(s) outside the chosen days "
            f"({chosen.from_date or chosen.diary_first_date} to "
            f"{chosen.to_date or chosen.diary_last_date}; all of them in --details)",
            err=True,
        )


SKIPPED_SHOWN = 10


def echo_resolutions(read: DiaryRead) -> None:
    """How every distinct food was resolved, and every row flagged or rejected."""
    resolved = [r for r in read.resolutions if r.food_id is not None]
    if resolved:
        click.echo("Foods:", err=True)
        width = min(24, max(len(r.written) for r in resolved))
        for r in resolved:
            how = r.match.value if r.match is not MatchKind.FUZZY else f"fuzzy {r.score:g}"
            line = f"  {r.written[:width]:<{width}} -> {r.food_id} {r.name}"
            room = 80 - len(how) - 3
            line = line if len(line) <= room else line[: room - 1] + "…"
            click.echo(f"{line} ({how})", err=True)
            if r.match is MatchKind.ASSUMED:  # the forms it could also be, to pin one
                for other in r.suggestions:
                    shown = f"    or {other}"
                    click.echo(shown if len(shown) <= 80 else shown[:79] + "…", err=True)
    echo_joined(read.rows)
    echo_flagged(read.rows)
    echo_assumed_amounts(read)
    echo_skipped(read)
    echo_rejected(read.rejected)


def echo_joined(rows: pd.DataFrame) -> None:
    """Each name that joins foods, and the foods it was read as (a row each)."""
    joined = rows[rows["part"].notna()]
    if joined.empty:
        return
    click.echo("Names of several foods, read as a row each:", err=True)
    foods = joined.groupby("food", sort=False)["name"].agg(lambda names: list(dict.fromkeys(names)))
    for written, names in foods.items():
        line = f"  {written} -> " + " + ".join(names)
        click.echo(line if len(line) <= 80 else line[:79] + "…", err=True)


def echo_flagged(rows: pd.DataFrame) -> None:
    """The rows used with a flag (implausible, or only the file's own values): the first
    FLAGGED_SHOWN, and how many more (the output's flag column has them all). A joined
    name's rows are echo_joined's."""
    flagged = rows[rows["flag"].notna() & (rows["flag"] != JOINED)]
    for row in flagged.head(FLAGGED_SHOWN).itertuples():
        click.echo(f"Flagged: line {row.line}: {row.flag} ({row.food})", err=True)
    if len(flagged) > FLAGGED_SHOWN:
        more = len(flagged) - FLAGGED_SHOWN
        click.echo(f"  … and {more} more flagged rows (see the flag column)", err=True)


FLAGGED_SHOWN = 20


# Stand-ins for the bar characters on a terminal whose encoding lacks them.
PLAIN_BARS = str.maketrans({"█": "#", "░": "."})


def write_output(text: str, output: str, force: bool) -> None:
    if output == "-":
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            "█░".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.translate(PLAIN_BARS)
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except OSError as error:  # a full disk or a closed pipe behind stdout
            raise click.ClickException(
                f"cannot write to standard output: {error.strerror or error}"
            ) from error
    else:
        write_atomic(output, text, force=force)


def fmt_number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


FILES = """\b
Files:
  ~/.config/screener/foods.csv, aliases.csv  your own foods and names, if any
  ~/.cache/screener/  the prepared food table, so that later runs start faster
                      (SCREENER_CACHE_DIR=DIR moves it; SCREENER_CACHE_DIR=
                      turns it off; it never holds a diary)
"""


@click.group(cls=ScreenerGroup, epilog=EXIT_CODES + "\n" + FILES)
@click.version_option(package_name="screener", prog_name="screener")
def cli() -> None:
    """Screen a food diary for low intakes of the nutrients that act on nerves and
    muscles: magnesium, calcium, thiamin (B1), B6, B12, vitamin D, potassium, sodium.

    A screening aid, not a diagnosis: persistent or severe symptoms need a
    healthcare professional.

    \b
    Examples:
      screener report examples/week.csv --sex female --age 40
      screener import my_cronometer_export.csv -o meals.csv
      screener resolve my_cronometer_export.csv
      screener foods search "banana"
      screener references --sex male --age 67
      screener plan examples/week.csv --sex female --age 40
      screener app
    """
    if hasattr(signal, "SIGPIPE"):  # `screener … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show µ or █ gets '?', not a traceback.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                reconfigure(errors="replace")


@cli.group(epilog=FOODS_EXIT_CODES)
def foods() -> None:
    """Look up foods in the bundled tables: USDA SR28 (8,789 ingredients) and USDA
    FNDDS 2017-2018 (7,083 foods as eaten: dishes, drinks, restaurant foods), or with
    --table the national tables of France (ciqual), Australia (afcd), Finland (fineli)."""


@foods.command("search", epilog=FOODS_EXIT_CODES)
@region_option
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@format_option()
@table_option
def foods_search(query: str, limit: int, fmt: str, tables: tuple[str, ...] | None) -> None:
    """Find foods by name, best match first: the food_id to write in a diary.

    \b
    Examples:
      screener foods search banana
      screener foods search "cheddar cheese" --limit 5 --format csv
      screener foods search "lait demi-écrémé" --table ciqual
    """
    matches = food_table.search_foods(
        query, limit=limit, table=food_table.load_foods(tables=tables)
    )
    if fmt == OutputFormat.CSV:
        click.echo(frame_to_csv(matches), nl=False)
    elif fmt == OutputFormat.JSON:
        click.echo(json.dumps(matches.to_dict(orient="records"), indent=2, ensure_ascii=False))
    elif matches.empty:
        click.echo(f'No food matches "{query}".', err=True)
    else:
        shown = matches.drop(columns=["food_group"])  # the table says the source instead
        click.echo(text_table(shown, wrap_column="name"), nl=False)


@foods.command("show", epilog=FOODS_EXIT_CODES)
@region_option
@click.argument("food_id")
@format_option(OutputFormat.TABLE, OutputFormat.JSON)
@table_option
def foods_show(food_id: str, fmt: str, tables: tuple[str, ...] | None) -> None:
    """Show one food's values per 100 g and its household measures.

    \b
    Examples:
      screener foods show 09040
      screener foods show 9040 --format json
      screener foods show ciqual:19024 --table ciqual
    """
    if tables is None:  # an id says its table
        key = food_table.normalize_food_id(food_id) or ""
        tables = (key.split(":")[0],) if ":" in key else None
    details = food_table.describe_food(food_id, food_table.load_foods(tables=tables))
    if fmt == OutputFormat.JSON:
        click.echo(json.dumps(details, indent=2, ensure_ascii=False))
        return
    click.echo(f"{details['food_id']}  {details['name']}")
    common = "yes" if details["common"] else "no"
    click.echo(f"table: {details['table']}")
    if details["source"] in FOOD_TABLES[DEFAULT_FOOD_TABLE]:
        click.echo(f"group: {details['food_group']}; commonly eaten (US survey): {common}")
    else:  # a national table has no US survey flag
        click.echo(f"group: {details['food_group']}")
    if details["other_names"]:
        click.echo(f"also called: {details['other_names']}")
    click.echo("\nPer 100 g edible portion:")
    for column in VALUE_COLUMNS:
        value = details["per_100g"][column]
        shown = "unknown" if value is None else f"{value:g} {VALUE_UNITS[column]}"
        note = details["derived"].get(column)
        click.echo(f"  {column:<16}{shown}" + (f"  ({note})" if note else ""))
    click.echo("\nHousehold measures:")
    if not details["measures"]:
        click.echo("  none in the table (use grams)")
    for measure in details["measures"]:
        click.echo(f"  {measure['amount']:g} {measure['description']} = {measure['grams']:g} g")


@cli.command(epilog=REFERENCES_EXIT_CODES)
@region_option
@profile_options
@format_option()
@references_option
def references(
    sex: str | None, age: float | None, life_stage: str | None, fmt: str, references: str
) -> None:
    """Show the Dietary Reference Intakes used for a person.

    EAR: median requirement; RDA: covers 97-98 % of the group; AI: used where no
    EAR exists; UL: tolerable upper intake; CDRR: sodium intake above which to
    reduce. Without --sex and --age a stated default that errs toward flagging
    is used.

    \b
    Examples:
      screener references --sex female --age 40
      screener references --sex female --age 29 --life-stage pregnant --format csv
      screener references --sex male --age 40 --references efsa
    """
    profile = make_profile(sex, age, life_stage)
    refs = reference_values(profile, references)
    if references != NASEM:
        echo_efsa_references(refs, fmt)
        return
    if fmt == OutputFormat.CSV:
        click.echo(frame_to_csv(refs.to_frame()), nl=False)
        return
    if fmt == OutputFormat.JSON:
        click.echo(refs.model_dump_json(indent=2))
        return
    click.echo(f"Dietary Reference Intakes (US/Canada, per day): {refs.group}")
    if refs.default_note:
        click.echo(click.wrap_text(refs.default_note, 80))
    click.echo()
    table = [
        {
            "nutrient": NUTRIENTS[i.nutrient].name,
            "unit": i.unit,
            "EAR": fmt_number(i.ear),
            "RDA": fmt_number(i.rda),
            "AI": fmt_number(i.ai),
            "UL": fmt_number(i.ul) + ("*" if i.ul_applies_to == "supplements only" else ""),
            "CDRR": fmt_number(i.cdrr),
            "SD_r": fmt_number(i.sd_requirement)
            + ("†" if i.sd_requirement_basis == IMPLIED_BY_RDA else ""),
            "SD_w": fmt_number(i.sd_within),
        }
        for i in refs.intakes
    ]
    frame = pd.DataFrame(table)
    click.echo(text_table(frame, right_align=list(frame.columns[2:])), nl=False)
    click.echo("\n* UL for supplements and medicines only, not food.")
    click.echo("SD_r: SD of requirement, CV x EAR (a published CV of 10 %), or † (RDA - EAR)")
    click.echo("/ 2 where no CV is published. SD_w: pooled within-person SD of daily intake;")
    click.echo("'-' where none is sourced: a report then uses the diary's own days (3 or")
    click.echo("more). Sources: --format csv.\n")
    for advice in dict.fromkeys(line for i in refs.intakes for line in i.advice):
        click.echo(click.wrap_text(advice, 80, initial_indent="- ", subsequent_indent="  "))


def echo_efsa_references(refs: Any, fmt: str) -> None:
    """EFSA's values for the person, in EFSA's terms: AR, PRI, AI, UL; thiamin per MJ."""
    from .efsa import per_mj_values

    per_mj = per_mj_values(refs.profile)
    frame = refs.to_frame().rename(columns={"ear": "ar", "rda": "pri"}).drop(columns=["cdrr"])
    thiamin = frame["nutrient"] == "thiamin"
    frame["per"] = "day"
    frame.loc[thiamin, ["ar", "pri", "per"]] = [per_mj[0], per_mj[1], "MJ of energy"]
    frame["target_type"] = frame["target_type"].where(~thiamin, "PRI")
    if fmt == OutputFormat.CSV:
        click.echo(frame_to_csv(frame), nl=False)
        return
    if fmt == OutputFormat.JSON:
        records = json.loads(frame.to_json(orient="records"))
        click.echo(json.dumps({"references": "efsa", "group": refs.group, "intakes": records},
                              indent=2, ensure_ascii=False))  # fmt: skip
        return
    click.echo(f"Dietary Reference Values (EFSA, per day): {refs.group}")
    if refs.default_note:
        click.echo(click.wrap_text(refs.default_note, 80))
    click.echo()
    rows = []
    for i, row in zip(refs.intakes, frame.itertuples(), strict=True):
        unit = f"{i.unit}/MJ" if row.per != "day" else i.unit
        rows.append({
            "nutrient": NUTRIENTS[i.nutrient].name, "unit": unit,
            "AR": fmt_number(None if pd.isna(row.ar) else row.ar),
            "PRI": fmt_number(None if pd.isna(row.pri) else row.pri), "AI": fmt_number(i.ai),
            "UL": fmt_number(i.ul) + ("*" if i.ul_applies_to == "supplements only" else ""),
        })  # fmt: skip
    table = pd.DataFrame(rows)
    click.echo(text_table(table, right_align=list(table.columns[2:])), nl=False)
    click.echo("\nAR: average requirement; PRI: population reference intake; AI: adequate")
    click.echo("intake (for sodium EFSA's safe and adequate intake); UL: tolerable upper")
    click.echo("intake level. * UL for supplements only. Sources: --format csv.\n")
    for advice in dict.fromkeys(line for i in refs.intakes for line in i.advice):
        click.echo(click.wrap_text(advice, 80, initial_indent="- ", subsequent_indent="  "))


@cli.command("import", epilog=EXIT_CODES)
@region_option
@click.argument("diary", type=click.Path(dir_okay=True))
@click.option(
    "-o", "--output", default="-", show_default=True, help="Meal-log CSV to write; - for stdout."
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@days_options
@diary_options
def import_(
    diary: str,
    output: str,
    force: bool,
    from_date: Any,
    to_date: Any,
    last_days: int | None,
    user_foods: str | None,
    user_aliases: str | None,
    strict: bool,
    tables: tuple[str, ...] | None,
) -> None:
    """Convert a diary into the meal-log format.

    Reads a meal log, a Cronometer servings or daily-summary export, a MyFitnessPal
    nutrition summary or food diary, a LoseIt food log, or an ASA24 Totals or Items
    file (the format is found from the header). One output row per used input row:
    the line, date, meal, the food as written, the food_id and USDA name it became,
    how it matched and the score, the amount and unit as written, and grams; values
    the file carried travel with the row. How each food resolved, every rejected row
    with its line and reason, and lines that are not entries (dates with nothing
    logged, deleted entries) are printed on stderr.

    Amounts are read as people say them, in the amount and unit columns or inside the
    food (`2 eggs`, `half a cup of rice`, `chicken breast 150g`). A bare number COUNTS
    what the name says where the food has a measure of it (`6 new potatoes`, `pint of
    lager,2`), else the food's natural unit (`eggs,2` is two eggs; `banana,1` one medium
    banana); it is never grams: write `150 g` (or use a column named `grams`). A bare
    number for a food
    with nothing to count (milk, rice) is a row error saying how to write it. A food
    with no amount at all, or only a glass, bowl, mug, plate or handful it has no
    measure of, takes its usual portion (FNDDS's "Quantity not specified", else one
    whole one: 1 large egg), marked amount_assumed and listed. A name of several foods
    the table has no dish for ("toast with butter") is a row of each food (its amount
    the first food's it measures; a weight shared; the others a usual portion), listed.

    \b
    Examples:
      screener import examples/week.csv -o meals.csv
      screener import servings.csv -o meals.csv --strict
      screener import Nutrition-Summary-2024-07-02-to-2024-07-09.csv
    """
    check_outputs([output], force)
    days = (from_date, to_date, last_days)
    table = load_table(user_foods, user_aliases, tables)
    read = load_diary(diary, table, strict, None, days)
    echo_resolutions(read)
    write_output(frame_to_csv(import_frame(read)), output, force)
    used = read.rows_used()
    outside = read.days_chosen.rows_outside if read.days_chosen else 0
    entries = len(read.skipped) - outside
    left_out = f", {entries} left out (not entries)" if entries else ""
    left_out += f", {outside} outside the chosen days" if outside else ""
    click.echo(
        f"{read.path} ({read.kind}): {read.data_lines} data rows, {used} used, "
        f"{len(read.rejected)} rejected{left_out}" + ("" if output == "-" else f"; wrote {output}"),
        err=True,
    )


@cli.command("resolve", epilog=EXIT_CODES)
@region_option
@click.argument("diary", type=click.Path(dir_okay=True), required=False)
@click.option(
    "-o", "--output", help="Write the names and their candidates to this CSV to edit, "
    "instead of asking (- for stdout).",
)  # fmt: skip
@click.option(
    "--apply", "edited", type=click.Path(dir_okay=False),
    help="Save the choices of an edited CSV (name, food_id) to your aliases.",
)  # fmt: skip
@click.option(
    "--interactive/--no-interactive", default=None,
    help="Ask about each name (default: when stdin is a terminal and no -o is given).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@diary_options
def resolve(
    diary: str | None,
    output: str | None,
    edited: str | None,
    interactive: bool | None,
    force: bool,
    user_foods: str | None,
    user_aliases: str | None,
    strict: bool,
    tables: tuple[str, ...] | None,
) -> None:
    """Pin the foods of names screener is unsure about.

    Lists every name of DIARY that is unknown, assumed (several forms fit and the usual
    one was taken) or fuzzy, once, with its five best candidates. In a terminal it asks:
    a number picks that food, `s WORDS` searches again, Enter skips, `n` says none of
    these fits (a food the table lacks). Otherwise, or with -o, it writes a CSV (name,
    food_id, match, candidates) to edit; `--apply` saves its food_id column. Choices
    go to your aliases file, kept with what was there, so the next report uses them.

    \b
    Examples:
      screener resolve my_diary.csv
      screener resolve my_diary.csv -o names.csv
      screener resolve --apply names.csv
    """
    from .matching import reviews

    # --aliases FILE is where the choices go: a new (or empty) file is one to start
    table = load_table(user_foods, user_aliases, tables, saving=True)
    target = Path(user_aliases) if user_aliases else food_table.user_config_dir() / "aliases.csv"
    if edited:
        choices = read_choices(edited, table)
        if choices:
            saved = food_table.save_aliases(choices, table, target)
            click.echo(f"Saved {counted(len(choices), 'choice')} to {saved}", err=True)
        else:
            click.echo(f"{edited}: no row has a food_id; nothing saved", err=True)
        return
    if diary is None:
        raise click.UsageError("give a DIARY, or --apply FILE")
    check_outputs([output], force)
    read = read_diary(diary, foods=table)
    echo_assumed_amounts(read)
    found = reviews(read.resolutions, table)
    if not found:
        click.echo(f"{diary}: every name found its food; nothing to resolve", err=True)
        return
    if interactive is None:
        interactive = output is None and sys.stdin.isatty()
    if not interactive:
        frame = pd.DataFrame(
            [
                {
                    "name": r.written,
                    "food_id": r.resolution.food_id or "",
                    "match": r.resolution.match.value if r.resolution.match else "asked",
                    "candidates": "; ".join(f"{i} {n}" for i, n in r.candidates),
                }
                for r in found
            ]
        )
        write_output(frame_to_csv(frame), output or "-", force)
        click.echo(
            f"{counted(len(found), 'name')} to look at; set food_id (empty: leave it) and run "
            "`screener resolve --apply FILE`",
            err=True,
        )
        return
    choices = ask_choices(found, table)
    if not choices:
        click.echo("No choices made; nothing saved.", err=True)
        return
    if click.confirm(
        f"Save {counted(len(choices), 'choice')} to {target}?", default=True, err=True
    ):
        saved = food_table.save_aliases(choices, table, target)
        click.echo(f"Saved to {saved}; the next report uses them.", err=True)


def echo_assumed_amounts(read: DiaryRead) -> None:
    """The rows read as a usual portion, for review: an amount is not pinned by a name,
    so the way to change one is to write it."""
    rows = assumed_rows(read.rows[read.rows["amount_assumed"].eq(True)])
    if not rows:
        return
    said = USUAL_PORTION_ROWS
    if any(row.borrowed for row in rows):
        said += f", or {BORROWED_ROWS.removeprefix('were ')}"
    click.echo(f"{len(rows)} row(s) {said} (write an amount to change one):", err=True)
    for row in rows[:REJECTED_SHOWN]:
        by = f" (by {row.borrowed})" if row.borrowed else ""
        click.echo(f"  line {row.line}: {row.food} -> {row.name}, {row.grams:g} g{by}", err=True)
    if len(rows) > REJECTED_SHOWN:
        click.echo(
            f"  … and {len(rows) - REJECTED_SHOWN} more (`screener import` lists all)", err=True
        )


def read_choices(path: str, table: food_table.FoodTable) -> dict[str, str]:
    """name -> food_id of the rows of an edited resolve CSV that have a food_id; an id
    TABLE lacks, or a name given two foods, is an error naming its line in PATH."""
    from .csvfile import read_text, records
    from .errors import DataFileError

    text, _ = read_text(path)
    header, data = records(text, path)
    if "name" not in header or "food_id" not in header:
        raise DataFileError(path, "needs the columns name and food_id", line=1)
    at_name, at_id = header.index("name"), header.index("food_id")
    choices: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, fields in data:
        if len(fields) <= max(at_name, at_id) or not fields[at_id].strip():
            continue  # left as it was: no choice
        name, food_id = fields[at_name].strip(), fields[at_id].strip()
        if not name:  # saved, it would be an empty alias that refuses every later run
            raise DataFileError(path, "a food_id with no name", line=line, column="name")
        key = food_table.normalize_food_id(food_id)
        if key is None or key not in table.foods.index:
            problem = f"food_id {food_id!r} is not in the food table"
            raise DataFileError(path, problem, line=line, column="food_id")
        if name in choices:  # the same food again is no second choice
            if food_table.normalize_food_id(choices[name]) != key:
                raise DataFileError(
                    path,
                    f"name {name!r} is given two foods: {choices[name]} on line "
                    f"{lines[name]} and {food_id} here; keep one",
                    line=line,
                    column="food_id",
                )
            continue
        choices[name], lines[name] = food_id, line
    return choices


def ask_choices(found: list[Any], table: food_table.FoodTable) -> dict[str, str]:
    """Ask about each name in turn; the picks (written name -> food_id)."""
    choices: dict[str, str] = {}
    for number, review in enumerate(found, 1):
        candidates = list(review.candidates)
        now = review.resolution.match.value if review.resolution.match else "not found"
        click.echo(f'\n[{number}/{len(found)}] "{review.written}" ({now})', err=True)
        while True:
            for position, (food_id, food_name) in enumerate(candidates, 1):
                click.echo(f"  {position}  {food_id} {food_name}"[:80], err=True)
            answer = click.prompt(
                "Pick 1-5, s WORDS to search, n for none of these, Enter to skip",
                default="", show_default=False, err=True,
            ).strip()  # fmt: skip
            if not answer or answer.lower() == "n":
                break
            if answer.lower().startswith("s "):
                hits = food_table.search_foods(answer[2:], limit=5, table=table)
                candidates = list(zip(hits["food_id"], hits["name"], strict=True))
                if not candidates:
                    click.echo("  nothing found; try other words", err=True)
                continue
            if answer.isdigit() and 1 <= int(answer) <= len(candidates):
                choices[review.written] = str(candidates[int(answer) - 1][0])
                break
            click.echo(f"  {answer!r}: give a number from the list, s WORDS, n or Enter", err=True)
    return choices


@cli.command(epilog=EXIT_CODES)
@region_option
@click.argument("diary", type=click.Path(dir_okay=True))
@profile_options
@click.option("--user", help="The person to screen, in a diary with a user column.")
@format_option(*OutputFormat)
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option(
    "--details",
    type=click.Path(dir_okay=False),
    help="Also write every diary row (food, grams, nutrients), every rejected row and "
    "the daily totals to this CSV.",
)
@click.option(
    "--supplements",
    type=click.Path(dir_okay=False),
    help="CSV of supplements taken (name, nutrient, amount, unit, frequency): judged with "
    "the food, and each upper limit checked.",
)
@click.option(
    "--trend",
    "trend_file",
    type=click.Path(dir_okay=False),
    help="Also write how intake changed (each nutrient's mean by month, or by week for 4-12 "
    "weeks) to this CSV.",
)
@days_options
@references_option
@diary_options
def report(
    diary: str,
    sex: str | None,
    age: float | None,
    life_stage: str | None,
    user: str | None,
    fmt: str,
    output: str,
    force: bool,
    details: str | None,
    supplements: str | None,
    trend_file: str | None,
    from_date: Any,
    to_date: Any,
    last_days: int | None,
    user_foods: str | None,
    user_aliases: str | None,
    strict: bool,
    tables: tuple[str, ...] | None,
    references: str,
) -> None:
    """Screen DIARY for nutrients that get little dietary coverage.

    Reads a meal log or an app's export (Cronometer, MyFitnessPal, LoseIt; see
    `screener import --help`), averages each day's intake of
    magnesium, calcium, B1, B6, B12, vitamin D, potassium and sodium, and compares it
    with the Dietary Reference Intakes for the person: coverage, status (low,
    borderline, adequate, high), how sure a few days of data can be, the foods that
    supplied each flagged nutrient and foods that would add it.

    \b
    Examples:
      screener report examples/week.csv --sex female --age 40
      screener report week.csv --format csv -o result.csv --details rows.csv
      screener report family.csv --user ana --sex female --age 9
      screener report examples/week.csv --supplements examples/supplements.csv
      screener report examples/week.csv --format html -o report.html
      screener report food-logs.csv --sex male --age 52
      screener report Nutrition-Summary.csv --last 4w
      screener report File-Export-2012-09-04-to-2018-03-03.zip --from 2018-01-01
    """
    profile = make_profile(sex, age, life_stage)
    check_outputs([output, details, trend_file], force)
    foods = load_table(user_foods, user_aliases, tables)  # read once, used twice
    read = load_diary(diary, foods, strict, user, (from_date, to_date, last_days))
    taken = read_supplements(supplements) if supplements else None
    if taken is not None and taken.rejected:
        click.echo(f"{supplements}:", err=True)
        echo_rejected(taken.rejected)
        if strict:
            raise click.ClickException(f"{supplements}: --strict allows no rejected rows")
    result = screen(read, profile, user, foods, taken, references)
    for flagged in result.implausible_rows[:SKIPPED_SHOWN]:
        click.echo(f"Flagged: line {flagged.line}: {flagged.flag} ({flagged.food})", err=True)
    if len(result.implausible_rows) > SKIPPED_SHOWN:
        more = len(result.implausible_rows) - SKIPPED_SHOWN
        click.echo(f"  … and {more} more flagged rows (all in --details)", err=True)
    echo_skipped(read)
    echo_rejected(result.rejected)  # this person's
    write_output(render(result, fmt), output, force)
    if details:
        write_atomic(details, frame_to_csv(details_frame(result)), force=force)
    if trend_file:  # a diary of 4 weeks or less has no trend: the header alone
        write_atomic(trend_file, frame_to_csv(trend_frame(result)), force=force)


@cli.command("plan", epilog=EXIT_CODES)
@region_option
@click.argument("diary", type=click.Path(dir_okay=True))
@profile_options
@click.option("--user", help="The person, in a diary with a user column.")
@click.option(
    "--diet", type=click.Choice(list(DIETS)), default="omnivore", show_default=True,
    help="Foods the plan may add.",
)  # fmt: skip
@click.option(
    "--exclude", "excluded", multiple=True, metavar="WORDS",
    help="Leave out a food group or allergen (dairy, egg, fish, shellfish, nuts, peanuts, "
    "soy, gluten, sesame) or any food whose name has the word; repeat, or separate by "
    "commas.",
)  # fmt: skip
@click.option(
    "--max-kcal", type=NumberRange(0, 5000), default=DEFAULT_MAX_KCAL, show_default=True,
    help="Energy the plan may add a day.",
)  # fmt: skip
@click.option(
    "--supplements", type=click.Path(dir_okay=False),
    help="CSV of supplements taken, as for screener report.",
)  # fmt: skip
@format_option(*OutputFormat)
@click.option("-o", "--output", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
@days_options
@references_option
@diary_options
def plan(
    diary: str,
    sex: str | None,
    age: float | None,
    life_stage: str | None,
    user: str | None,
    diet: str,
    excluded: tuple[str, ...],
    max_kcal: float,
    supplements: str | None,
    fmt: str,
    output: str,
    force: bool,
    from_date: Any,
    to_date: Any,
    last_days: int | None,
    user_foods: str | None,
    user_aliases: str | None,
    strict: bool,
    tables: tuple[str, ...] | None,
    references: str,
) -> None:
    """The smallest everyday change that closes DIARY's gaps.

    Screens DIARY as `screener report` does, then finds the fewest whole portions a
    day of everyday foods (then the least added energy) that bring every low or
    borderline nutrient to its RDA or AI, without lowering anything, without sodium
    over its CDRR or any total over its UL, within --max-kcal. A gap food cannot close
    within these limits (vitamin D, often) is said, with what would.

    \b
    Examples:
      screener plan examples/week.csv --sex female --age 40
      screener plan week.csv --diet vegan --exclude nuts,soy --max-kcal 300
      screener plan week.csv --sex male --age 58 --format csv -o plan.csv
      screener plan week.csv --sex female --age 40 --format html -o plan.html
    """
    from .plan import make_plan

    profile = make_profile(sex, age, life_stage)
    check_outputs([output], force)
    foods = load_table(user_foods, user_aliases, tables)
    read = load_diary(diary, foods, strict, user, (from_date, to_date, last_days))
    taken = read_supplements(supplements) if supplements else None
    result = screen(read, profile, user, foods, taken, references)
    words = tuple(w for item in excluded for w in item.split(",") if w.strip())
    found = make_plan(result, foods, diet, words, max_kcal)
    write_output(render_plan(found, fmt, result.disclaimer), output, force)


@cli.command(epilog=EXIT_CODES)
@region_option
@click.argument("diaries", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--profiles",
    type=click.Path(dir_okay=False),
    help="CSV of user, sex, age, life_stage (user: the user column's name, or the file's "
    "name without its extension). A user without a row gets the default profile, and is "
    "listed.",
)
@click.option("-o", "--output", required=True, help="Results CSV: one row per person and nutrient.")
@click.option("--summary", "summary_file", help="Also write the per-nutrient summary here.")
@click.option(
    "--prevalence", "prevalence_file",
    help="Also write the prevalence per profile group and nutrient here (CSV).",
)  # fmt: skip
@click.option(
    "--rejected", "rejected_file",
    help="Also write every rejected row here (CSV: line, reason, column, value, message); "
    f"the terminal shows the first {REJECTED_SHOWN}.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace existing output files.")
@days_options
@click.option("--strict", is_flag=True, help="Fail, writing nothing, on any rejected row.")
@table_option
def batch(
    diaries: tuple[str, ...],
    profiles: str | None,
    output: str,
    summary_file: str | None,
    prevalence_file: str | None,
    rejected_file: str | None,
    force: bool,
    from_date: Any,
    to_date: Any,
    last_days: int | None,
    strict: bool,
    tables: tuple[str, ...] | None,
) -> None:
    """Screen many people at once: DIARIES are diary files of any format, or folders of
    them (each file is one person, named by the file without its extension, unless it
    has a user column), or one meal log with a user column.

    A meal log with a user column is read in chunks, keeping only per-person daily
    totals, so files of millions of rows fit in memory. Results have the columns of the
    single report plus `user`; the summary (printed, and --summary FILE) gives per
    nutrient how many people were flagged, and per profile group the share below the
    EAR and above the UL, by each person's days and on usual intakes (--prevalence
    FILE). A file that cannot be read is listed with why; the others are screened.

    \b
    Examples:
      screener batch cohort.csv --profiles profiles.csv -o results.csv
      screener batch cohort.csv --profiles profiles.csv -o results.csv --summary s.csv
      screener batch cohort.csv -o results.csv --rejected rejected.csv
      screener batch cohort.csv -o results.csv --last 4w
      screener batch clients/ --profiles clients.csv -o results.csv
      screener batch study_Totals.csv -o results.csv --prevalence prevalence.csv
    """
    from .batch import _is_cohort_log, read_profiles, screen_batch

    days = day_choice(from_date, to_date, last_days)
    check_outputs([output, summary_file, prevalence_file, rejected_file], force)
    people = read_profiles(profiles) if profiles else {}
    if len(diaries) != 1 or Path(diaries[0]).is_dir() or not _is_cohort_log(Path(diaries[0])):
        batch_of_files(diaries, people, output, summary_file, prevalence_file, rejected_file,
                       force, strict, days, tables)  # fmt: skip
        return
    diary = diaries[0]
    with progress_bar() as update:
        try:
            # the person's own foods and aliases, as `screener report` would use them
            foods = food_table.load_user_foods(tables=tables)
            result = screen_batch(diary, people, foods, strict=strict, progress=update, days=days)
        except (DiaryRejectedError, NoUsableRowsError) as error:
            echo_rejected(error.rejected[:REJECTED_SHOWN], total=len(error.rejected))
            echo_more_rejected(error.rejected, None)
            raise
    echo_rejected(result.rejected[:REJECTED_SHOWN], total=len(result.rejected))
    echo_more_rejected(result.rejected, rejected_file)
    echo_implausible(result.implausible)
    if rejected_file:
        write_atomic(rejected_file, rejected_csv(result.rejected), force=force)
    people_count = result.results["user"].nunique()
    outside = f", {result.rows_outside} outside the chosen days" if days != (None,) * 3 else ""
    said = (
        f"{diary}: {result.data_lines} data rows, {result.rows_used} used, "
        f"{len(result.rejected)} rejected{outside}; {people_count} people screened"
    )
    write_batch(result, bool(profiles), said, output, summary_file, prevalence_file, force)


def write_batch(
    result: Any,
    profiles_given: bool,
    said: str,
    output: str,
    summary_file: str | None,
    prevalence_file: str | None,
    force: bool,
) -> None:
    """Write a batch's results, summary and prevalence, and print the summary."""
    from .prevalence import prevalence_text

    echo_default_profile(result.default_profile_users, profiles_given)
    write_output(frame_to_csv(result.results), output, force)
    if summary_file:
        write_atomic(summary_file, frame_to_csv(result.summary), force=force)
    if prevalence_file:
        write_atomic(prevalence_file, frame_to_csv(result.prevalence), force=force)
    click.echo(said, err=True)
    if result.people_outside:
        shown = ", ".join(result.people_outside[:DEFAULT_USERS_SHOWN])
        more = len(result.people_outside) - DEFAULT_USERS_SHOWN
        click.echo(
            click.wrap_text(
                f"Not screened, no day logged in the chosen days ({len(result.people_outside)}"
                f"): {shown}" + (f", … ({more} more)" if more > 0 else ""),
                80,
            ),
            err=True,
        )
    # with the results on stdout, stdout carries that one document: the summary goes aside
    click.echo(text_table(result.summary), nl=False, err=output == "-")
    click.echo("\n" + prevalence_text(result.prevalence), nl=False, err=output == "-")


def batch_of_files(
    diaries: tuple[str, ...],
    people: dict[str, Profile],
    output: str,
    summary_file: str | None,
    prevalence_file: str | None,
    rejected_file: str | None,
    force: bool,
    strict: bool,
    days: tuple[Any, Any, int | None] = (None, None, None),
    tables: tuple[str, ...] | None = None,
) -> None:
    """`screener batch` of several files, folders, or a file of another format."""
    from .batch import NoFileScreenedError, rejected_frame, screen_files

    with progress_bar() as update:
        try:
            foods = food_table.load_user_foods(tables=tables)
            result, files = screen_files(
                diaries, people, foods, strict=strict, progress=update, days=days
            )
        except NoFileScreenedError as error:
            echo_files(error.files)
            raise
    echo_files(files)
    rejected = rejected_frame(files)
    shown = rejected.head(REJECTED_SHOWN)
    if len(rejected):
        count = f"{len(rejected)}; the first {len(shown)}" if len(rejected) > len(shown) else ""
        click.echo(f"Rejected rows ({count or len(rejected)}):", err=True)
        for row in shown.itertuples(index=False):
            line = f"  {row.file}, line {row.line}: {row.reason}: {row.message}"
            click.echo(click.wrap_text(line, 80, subsequent_indent="    "), err=True)
        if len(rejected) > len(shown):
            where = (
                f"all are in {rejected_file}"
                if rejected_file
                else "--rejected FILE writes them all"
            )
            click.echo(f"  … and {len(rejected) - len(shown)} more: {where}", err=True)
    echo_implausible(result.implausible)
    if rejected_file:
        write_atomic(rejected_file, frame_to_csv(rejected), force=force)
    people_count = result.results["user"].nunique()
    not_read = sum(1 for f in files if f.error is not None)
    left_out = sum(1 for f in files if f.left_out is not None)
    said = (
        f"{counted(len(files), 'file')}"
        + "".join(f" ({n} {w})" for n, w in ((not_read, "not read"), (left_out, "left out")) if n)
        + f": {result.data_lines} data rows, {result.rows_used} used, {len(rejected)} rejected"
        + (f", {result.rows_outside} outside the chosen days" if days != (None,) * 3 else "")
        + f"; {counted(people_count, 'person', 'people')} screened"
    )  # fmt: skip
    write_batch(result, bool(people), said, output, summary_file, prevalence_file, force)


def echo_files(files: list[Any]) -> None:
    """Each file of a batch of many: what it was read as, or why it was not."""
    for f in files:
        if f.left_out is not None:
            text = f"Left out: {f.path}: {f.left_out}"
        elif f.error is not None:
            text = f"Not read: {f.error}"
        else:
            text = (
                f"{f.path} ({f.kind}): {counted(len(f.people), 'person', 'people')}, "
                f"{f.data_lines} data rows, {f.rows_used} used, {len(f.rejected)} rejected"
                + (f", {f.skipped} left out" if f.skipped else "")
            )
        click.echo(click.wrap_text(text, 80, subsequent_indent="    "), err=True)


@cli.command("app", epilog=APP_EXIT_CODES)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0,
    help="Port on 127.0.0.1 to listen on (default: a free one).",
)  # fmt: skip
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.option(
    "--foods", "user_foods", type=click.Path(dir_okay=False),
    help="Your own foods, as for screener report.",
)  # fmt: skip
@click.option(
    "--aliases", "user_aliases", type=click.Path(dir_okay=False),
    help="Your own names for foods, as for screener report; the app saves choices here.",
)  # fmt: skip
def app_command(
    port: int, no_browser: bool, user_foods: str | None, user_aliases: str | None
) -> None:
    """Screen a diary in the browser: a local web app, for people who never open a terminal.

    Listens on 127.0.0.1 only and prints its address with a one-time token (every
    request without it is refused), then opens it in the browser. Choose a diary and
    the person; look at the names screener is unsure about; read the report (the page
    of `screener report --format html`, with the plan) and download it as CSV, JSON or
    the page. The diary stays in memory. Ctrl-C stops it.

    \b
    Examples:
      screener app
      screener app --port 8765 --no-browser
    """
    import webbrowser

    from .app import make_app_server  # Flask: only for this command

    server, url = make_app_server(port, None, user_foods, user_aliases)
    click.echo(f"screener app: open {url}")
    click.echo("Stop it with Ctrl-C.", err=True)
    if not no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()  # Werkzeug's returns on Ctrl-C; nothing else stops it
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo("Stopped.", err=True)
    click.get_current_context().exit(130)


@contextlib.contextmanager
def progress_bar() -> Any:
    """A tqdm bar on stderr, by bytes read; silent when stderr is not a terminal."""
    from tqdm import tqdm

    # no monitor thread: batch forks a reading process only from a single-threaded one
    tqdm.monitor_interval = 0
    bar = tqdm(
        total=0, unit="B", unit_scale=True, desc="screening", disable=not sys.stderr.isatty(),
        file=sys.stderr, leave=False,
    )  # fmt: skip

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def main() -> None:  # pragma: no cover - `python -m screener`
    cli(prog_name="screener")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
