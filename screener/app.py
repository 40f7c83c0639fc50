"""`screener app`: the screener as a local web app, for people who never open a terminal.

One page at a time, plain HTML forms (no script): a diary and a profile; the names that
need a look, with their candidates (as `screener resolve` gives them); the report (the
page `screener report --format html` writes, with the plan) and its downloads.
`POST /report` answers scripts with exactly what `screener report` prints.

Safe by construction: it listens on 127.0.0.1 only; every request needs the token it
printed (a GET may carry it in the URL, once: it moves to a cookie and out of the
address bar with a redirect; a POST in the form field `token` or the header
`X-Screener-Token`, from no other site's page: Origin and Sec-Fetch-Site are checked);
a `Host` other than the printed address is refused (DNS rebinding); uploads over
MAX_UPLOAD get 413. A diary is held in memory, the upload too (never spooled to a
temporary file), never written to disk (only saved aliases and downloads are). Every
POST of the pages answers with a redirect (post/redirect/get).
Flask is imported only by this module, which only `screener app` imports.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import secrets
import socket
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from flask import Flask, Request, Response, redirect, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .diary import DiaryRead, choose_days, parse_last, read_diary
from .errors import ProfileError, ScreenerError
from .foods import (
    FoodTable,
    describe_food,
    load_user_foods,
    save_aliases,
    search_foods,
    user_config_dir,
    with_aliases,
)
from .matching import REVIEW_CANDIDATES, Review, reviews
from .models import (
    DISCLAIMER,
    LifeStage,
    OutputFormat,
    Profile,
    RejectedRow,
    RejectReason,
    Report,
    Sex,
    profile_of,
)
from .nutrients import DEFAULT_FOOD_TABLE, FOOD_TABLES
from .output import counted
from .page import page_head, plan_section, render_page
from .references import EFSA, NASEM, REFERENCE_SYSTEMS
from .report import render
from .scoring import screen
from .supplements import SupplementsRead, read_supplements

HOST = "127.0.0.1"
MAX_UPLOAD = 50 * 1024 * 1024  # bytes, the diary and supplements together
MAX_SESSIONS = 16  # diaries kept in memory; the oldest goes first
# Every response: nothing fetched from anywhere, forms only to this app, no framing.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
REPORT_FORMATS = [f.value for f in OutputFormat]
MEDIA_TYPES = {
    "table": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}
APP_STYLE = """
<style>form{margin:1rem 0}label{display:block;margin:.5rem 0}fieldset{border:1px solid #ccc;
margin:.8rem 0;padding:.4rem .8rem;min-width:0}label,legend,.choice,.error,nav.app{
overflow-wrap:anywhere}legend{font-weight:600}input,select,button{font:inherit;
max-width:100%}input[type=text],select{width:16rem}input[type=file]{width:100%}
button{padding:.35rem .9rem;margin:.3rem .3rem .3rem 0}.error{color:#c0392b;font-weight:600;
white-space:pre-wrap}.choice{margin:.25rem 0}.choice label{display:inline;margin:0}
nav.app{background:#f4f4f4;padding:.5rem .7rem;margin:.8rem 0}nav.app a{margin-right:.8rem}
.enter{position:absolute;left:-100vw;width:1px;height:1px;overflow:hidden}
</style>"""
KINDS = {None: "not found", "fuzzy": "fuzzy", "assumed": "assumed"}
TYPED = "typed"  # the names form's first button: the one Enter in a search box presses


Days = tuple[dt.date | None, dt.date | None, int | None]  # as diary.choose_days takes them


@dataclass
class Upload:
    """A file as the browser sent it: its name (no folders) and its bytes, in memory."""

    name: str
    data: bytes


@dataclass
class Session:
    """One diary going through the pages: held in memory only."""

    diary: Upload
    supplements: Upload | None
    profile: Profile
    found: list[Review]
    candidates: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # searched
    queries: dict[int, str] = field(default_factory=dict)  # review number -> words searched
    picks: dict[int, str] = field(default_factory=dict)  # review number -> food_id
    saved: str | None = None  # the message after saving aliases
    days: Days = (None, None, None)  # the days to screen: from, to, last N
    done: tuple[Report, str, str | None] | None = None  # report, page, plan HTML
    # What the names page says after a POST redirects to it (post/redirect/get).
    message: str | None = None
    notes: dict[int, str] = field(default_factory=dict)  # review number -> its message
    warned: dict[int, str] = field(default_factory=dict)  # misfits already said
    # A chosen food without a measure for a unit written with its name: review number ->
    # (food_id, the units), offered a measure or grams; and what the person counted one
    # of each such unit as: (review number, unit) -> (food_id, grams).
    unfit: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    counted: dict[tuple[int, str], tuple[str, float]] = field(default_factory=dict)
    tables: tuple[str, ...] = ("usda",)  # the food table chosen (--table)
    references: str = "nasem"  # the reference values chosen (--references)

    def choices(self) -> dict[str, str]:
        return {self.found[i].written: food_id for i, food_id in self.picks.items() if food_id}

    def measures(self) -> list[tuple[str, str, float]]:
        """The person's own measures: (food_id, unit, grams), for the foods still picked."""
        return [
            (food_id, unit, grams)
            for (i, unit), (food_id, grams) in self.counted.items()
            if self.picks.get(i) == food_id
        ]

    def left_out(self) -> set[str]:
        """The names the person left out (no food picked): their rows are not used."""
        return {r.written for i, r in enumerate(self.found) if not self.picks.get(i)}


def with_measures(table: FoodTable, measures: list[tuple[str, str, float]]) -> FoodTable:
    """TABLE with the person's own MEASURES (food_id, unit, grams of one), in memory: a
    unit the food's own measures lack, counted as the person said."""
    if not measures:
        return table
    added = pd.DataFrame(
        [
            (food_id, 1000 + n, 1.0, unit, grams)
            for n, (food_id, unit, grams) in enumerate(measures)
        ],
        columns=["food_id", "seq", "amount", "description", "grams"],
    )
    merged = pd.concat([table.measures, added], ignore_index=True)
    merged = merged.sort_values("food_id", kind="stable", ignore_index=True)  # as read
    return FoodTable(
        foods=table.foods, measures=merged, aliases=table.aliases, source=table.source,
        tables=table.tables, twins=table.twins,
    ).prepared()  # fmt: skip


def leave_out(read: DiaryRead, names: set[str]) -> DiaryRead:
    """READ without the rows of NAMES, the person's to leave out: each listed among the
    lines left out (reason left_out), neither used nor counted as rejected."""
    if not names:
        return read
    out = read.rows["food"].astype(str).str.strip().isin(names).to_numpy()
    left = [
        RejectedRow(
            line=int(row.line), reason=RejectReason.LEFT_OUT, column="food",
            value=str(row.food), message="left out by you",
            user=row.user if isinstance(row.user, str) else None,
        )
        for row in read.rows[out].itertuples()
    ]  # fmt: skip
    unknown = (RejectReason.UNKNOWN_FOOD, RejectReason.AMBIGUOUS_FOOD)
    gone = [r for r in read.rejected if r.reason in unknown and r.value.strip() in names]
    left += [
        r.model_copy(update={"reason": RejectReason.LEFT_OUT, "message": "left out by you"})
        for r in gone
    ]
    logged = read.logged
    return replace(
        read,
        rows=read.rows[~out],
        rejected=[r for r in read.rejected if r not in gone],
        skipped=sorted([*read.skipped, *left], key=lambda r: r.line),
        logged=None if logged is None else logged.loc[read.rows.index[~out]],
    )


class MemoryRequest(Request):
    """A request whose uploaded files stay in memory: Werkzeug's own would spool a file
    over 500 KB to a temporary file. MAX_UPLOAD (MAX_CONTENT_LENGTH) bounds the memory."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> io.BytesIO:
        return io.BytesIO()


class AppPortError(ScreenerError, OSError):
    """The port asked for cannot be had (another program has it)."""


class AppError(Exception):
    """A refusal shown to the person: a message and an HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_upload(diary: Upload, foods: FoodTable) -> DiaryRead:
    """The diary read from memory, as `screener report` reads a file."""
    return read_diary(diary.name, foods=foods, data=diary.data)


def read_supplements_upload(upload: Upload | None) -> SupplementsRead | None:
    return None if upload is None else read_supplements(upload.name, upload.data)


def screen_upload(
    diary: Upload,
    profile: Profile,
    foods: FoodTable,
    supplements: Upload | None = None,
    days: Days = (None, None, None),
    references: str = "nasem",
) -> Report:
    """The report `screener report DIARY --supplements SUPPLEMENTS` (and --from, --to,
    --last: DAYS; --references) makes of these files."""
    read = choose_days(read_upload(diary, foods), *days)
    return screen(read, profile, None, foods, read_supplements_upload(supplements), references)


def choices_from_form() -> tuple[tuple[str, ...], str]:
    """The food table and reference values the form chose (--table, --references)."""
    table = request.form.get("table", "").strip() or DEFAULT_FOOD_TABLE
    references = request.form.get("references", "").strip() or NASEM
    if table not in FOOD_TABLES or references not in REFERENCE_SYSTEMS:
        raise AppError(f"no food table {table!r} or reference values {references!r}")
    return (table,), references


def days_from_form() -> Days:
    """The form's `from`, `to` (YYYY-MM-DD) and `last` (N or Nw), as the options of
    `screener report` take them; an AppError saying what is wrong."""
    form = request.form
    dates = []
    for name in ("from", "to"):
        text = form.get(name, "").strip()
        try:
            dates.append(dt.date.fromisoformat(text) if text else None)
        except ValueError:
            raise AppError(f"{name}: {text!r} is not a date (write YYYY-MM-DD)") from None
    last_text = form.get("last", "").strip()
    try:
        last = parse_last(last_text) if last_text else None
    except ValueError as error:
        raise AppError(f"last: {error}") from None
    start, end = dates
    if start is not None and last is not None:
        raise AppError("give the first day or the last days, not both")
    if start is not None and end is not None and start > end:
        raise AppError(f"the first day ({start}) is after the last ({end})")
    return (start, end, last)


def uploaded(name: str, required: bool) -> Upload | None:
    """The file of form field NAME, or None when none was chosen (an AppError if needed)."""
    stored = request.files.get(name)
    if stored is None or not stored.filename:
        if required:
            raise AppError(f"choose a {name} file")
        return None
    # The file's own name only: a browser may send a folder with it (C:\\Users\\…).
    filename = PurePosixPath(stored.filename.replace("\\", "/")).name or f"{name}.csv"
    return Upload(filename, stored.read())


def profile_from_form() -> Profile:
    try:
        return profile_of(
            request.form.get("sex", "").strip(),
            request.form.get("age", "").strip(),
            request.form.get("life_stage", "").strip(),
        )
    except ProfileError as error:
        raise AppError(str(error)) from error


def create_app(
    token: str,
    address: str,
    user_foods: Path | str | None = None,
    user_aliases: Path | str | None = None,
) -> Flask:
    """The app, answering only requests for ADDRESS ("127.0.0.1:PORT") with TOKEN.
    USER_FOODS, USER_ALIASES: as `--foods` and `--aliases` (default: the person's files
    in user_config_dir(), when they exist); choices are saved to USER_ALIASES, else to
    user_config_dir() / aliases.csv."""
    app = Flask(__name__)
    app.request_class = MemoryRequest  # a diary never reaches the disk
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD
    aliases_file = Path(user_aliases) if user_aliases else user_config_dir() / "aliases.csv"
    cookie = f"screener_token_{address.rpartition(':')[2]}"  # cookies ignore the port
    sessions: OrderedDict[str, Session] = OrderedDict()
    lock = threading.Lock()
    e = html.escape

    def foods(tables: tuple[str, ...] = (DEFAULT_FOOD_TABLE,)) -> FoodTable:
        return load_user_foods(user_foods, user_aliases, tables, saving=True)  # may be new

    def page(title: str, body: str, status: int = 200) -> Response:
        text = "\n".join(
            [
                *page_head(f"screener: {title}"),
                APP_STYLE,
                f"<h1>{e(title)}</h1>",
                f'<p class="disclaimer">{e(DISCLAIMER)}</p>',
                body,
                f'<p class="disclaimer">{e(DISCLAIMER)}</p>',
                "</body></html>",
            ]
        )
        return Response(text + "\n", status=status, mimetype="text/html")

    def hidden_token() -> str:
        return f'<input type="hidden" name="token" value="{e(token)}">'

    def error_text(message: str | None) -> str:
        return f'<p class="error" role="alert">Error: {e(message)}</p>' if message else ""

    def session_of(sid: str) -> Session:
        with lock:
            found = sessions.get(sid)
        if found is None:
            raise AppError(
                "this diary is no longer in memory: start again from the first page", 404
            )
        return found

    @app.before_request
    def guard() -> Response | None:
        if request.host != address:  # DNS rebinding: another name for this machine
            return refusal(f"this app answers only at http://{address}/", 403)
        if request.method in ("GET", "HEAD"):
            given = request.args.get("token") or request.cookies.get(cookie)
        else:  # a form's hidden field or a script's header; the cookie alone is not enough
            if not same_origin():
                return refusal("a form of another site cannot post to this app", 403)
            given = request.headers.get("X-Screener-Token") or request.form.get("token")
        if not given or not secrets.compare_digest(given.encode(), token.encode()):
            return refusal(
                "no valid token: open the address `screener app` printed, with its ?token=",
                403,
            )
        if request.method == "GET" and "token" in request.args:
            # The token moves to the cookie and out of the address bar (and the history).
            rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            response = redirect(request.path + (f"?{urlencode(rest)}" if rest else ""), 303)
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            return response
        return None

    def same_origin() -> bool:
        """A POST from this app's own pages, or from a script (which sends neither header):
        a browser names the page's origin (Origin) or the kind of site (Sec-Fetch-Site)."""
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"http://{address}":
            return False
        site = request.headers.get("Sec-Fetch-Site")
        return site is None or site == "same-origin"

    def for_script() -> bool:
        """POST /report: a script's request, answered in plain text."""
        return request.path == "/report" and request.method == "POST"

    def refusal(message: str, status: int) -> Response:
        if for_script():
            return Response(f"Error: {message}\n", status=status, mimetype="text/plain")
        return page("Refused", error_text(message), status)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        # "same-origin", not "no-referrer": under that a browser's form sends Origin: null,
        # which the Origin check refuses; nothing leaves this app's origin either way.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(AppError)
    def app_error(error: AppError) -> Response:
        if error.status == 404:
            return page("Not found", error_text(str(error)) + start_link(), 404)
        return refusal(str(error), error.status)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        if status == 413:
            message = f"the upload is over {MAX_UPLOAD // (1024 * 1024)} MB: " + (
                "a diary of that size is more than the app reads; use `screener report` on the file"
                if for_script()
                else "a diary of that size is more than the app reads at once; screen a "
                "shorter period of it"
            )
        else:
            message = f"{error.name}: {error.description}"
        return refusal(message, status)

    def start_link() -> str:
        return '<p><a href="/">Screen another diary</a></p>'

    def start_form(message: str | None = None, status: int = 200) -> Response:
        form = request.form
        sex, age = form.get("sex", ""), form.get("age", "")
        stage = form.get("life_stage", "")
        table, references = form.get("table", ""), form.get("references", "")

        def options(values: list[str], chosen: str, empty: str) -> str:
            shown = [f'<option value="">{e(empty)}</option>']
            shown += [
                f'<option value="{e(v)}"{" selected" if v == chosen else ""}>{e(v)}</option>'
                for v in values
            ]
            return "".join(shown)

        def given(name: str) -> str:
            return e(form.get(name, ""))

        stages = [s.value for s in LifeStage if s is not LifeStage.NONE]
        # the defaults first, as the empty choice: usda and nasem
        national = [name for name in FOOD_TABLES if name != DEFAULT_FOOD_TABLE]
        table_choice = options(national, table, DEFAULT_FOOD_TABLE)
        references_choice = options([EFSA], references, NASEM)
        body = f"""{error_text(message)}
<form method="post" action="/screen" enctype="multipart/form-data">{hidden_token()}
<label>Diary file (a meal log, or an export of Cronometer, MyFitnessPal or LoseIt)
<input type="file" name="diary" required></label>
<label>Supplements file, if you take any (optional: name, nutrient, amount, unit, frequency)
<input type="file" name="supplements"></label>
<fieldset><legend>The person</legend>
<label>Sex <select name="sex">{options([s.value for s in Sex], sex, "not given")}</select></label>
<label>Age in years <input type="text" name="age" inputmode="decimal" value="{e(age)}"></label>
<label>Life stage <select name="life_stage">{options(stages, stage, "neither")}</select></label>
<p class="note">Without sex and age, screener uses a default adult (31-50) that errs
toward flagging, and says so.</p>
</fieldset>
<fieldset><legend>Which days (optional: every day of the diary)</legend>
<label>From <input type="text" name="from" placeholder="YYYY-MM-DD" value="{given("from")}">
</label>
<label>To <input type="text" name="to" placeholder="YYYY-MM-DD" value="{given("to")}"></label>
<label>Or the last days up to the last logged one <input type="text" name="last"
placeholder="28, or 4w" value="{given("last")}"></label>
</fieldset>
<label>Food table <select name="table">{table_choice}</select></label>
<label>Reference values <select name="references">{references_choice}</select></label>
<p class="note">Food tables: usda (USDA SR28 and FNDDS), ciqual (France, ANSES), afcd
(Australia, FSANZ), fineli (Finland, THL). Reference values: nasem (US/Canada DRIs) or
efsa (EFSA's DRVs).</p>
<button type="submit">Screen the diary</button>
</form>
<p class="note">Runs on this computer only: the diary is read in memory and never leaves
it, or reaches the disk unless you save your choices of names or download a report.</p>"""
        return page("Screen a food diary", body, status)

    @app.get("/")
    def start() -> Response:
        return start_form()

    @app.post("/screen")
    def upload() -> Response:
        try:
            profile = profile_from_form()
            days = days_from_form()
            diary = uploaded("diary", required=True)
            supplements = uploaded("supplements", required=False)
            assert diary is not None
            tables, references = choices_from_form()
            table = foods(tables)
            read = choose_days(read_upload(diary, table), *days)
            read_supplements_upload(supplements)  # refused now, not after the names
            found = reviews(read.resolutions, table)
        except AppError as error:
            return start_form(str(error), error.status)
        except ScreenerError as error:
            return start_form(str(error), 422)
        sid = secrets.token_urlsafe(16)
        session = Session(
            diary, supplements, profile, found, days=days, tables=tables, references=references
        )
        session.picks = {
            i: r.resolution.food_id for i, r in enumerate(found) if r.resolution.food_id
        }
        with lock:
            sessions[sid] = session
            while len(sessions) > MAX_SESSIONS:
                sessions.popitem(last=False)
        return redirect(f"/names/{sid}" if found else f"/report/{sid}", 303)

    def names_page(sid: str, session: Session) -> Response:
        blocks = []
        for i, review in enumerate(session.found):
            resolution = review.resolution
            kind = KINDS.get(resolution.match.value if resolution.match else None, "")
            if resolution.match is not None and resolution.match.value == "fuzzy":
                kind = f"fuzzy, {resolution.score:g}"
            taken = f" (taken: {e(resolution.food_id)})" if resolution.food_id else ""
            rows = [error_text(session.notes.get(i))]
            for food_id, name in session.candidates.get(i, review.candidates):
                checked = " checked" if session.picks.get(i) == food_id else ""
                rows.append(
                    f'<div class="choice"><input type="radio" id="p{i}-{e(food_id)}" '
                    f'name="pick-{i}" value="{e(food_id)}"{checked}> '
                    f'<label for="p{i}-{e(food_id)}">{e(food_id)} {e(name)}</label></div>'
                )
            if not rows[1:]:
                rows.append('<p class="note">No candidates: search with other words.</p>')
            none = "" if session.picks.get(i) else " checked"
            rows.append(
                f'<div class="choice"><input type="radio" id="p{i}-none" name="pick-{i}" '
                f'value=""{none}> <label for="p{i}-none">Leave out: its rows stay out of the '
                "report, listed as left out by you</label></div>"
            )
            rows += offer(session, i)
            query = session.queries.get(i, "")
            rows.append(
                f'<label>Search again <input type="text" name="query-{i}" value="{e(query)}">'
                f'</label><button type="submit" name="search" value="{i}">Search</button>'
            )
            blocks.append(
                f'<fieldset id="name-{i}"><legend>&ldquo;{e(review.written)}&rdquo;: '
                f"{e(kind)}{taken}</legend>{''.join(rows)}</fieldset>"
            )
        count = len(session.found)
        names = counted(count, "name")
        body = f"""{error_text(session.message)}
<p>{names} in {e(session.diary.name)} {"needs" if count == 1 else "need"} a look: screener
did not find them, or took a guess. Pick the food each one is, search again, or leave it out.</p>
<form method="post" action="/names/{e(sid)}">{hidden_token()}
<button type="submit" name="search" value="{TYPED}" class="enter" tabindex="-1"
aria-hidden="true">Search the words typed</button>
{"".join(blocks)}
<label><input type="checkbox" name="save" value="yes"> Also save my choices to
{e(shown_path(aliases_file))}, so that screener uses them next time (it keeps what the file
holds)</label>
<button type="submit" name="go" value="yes">Show the report</button>
</form>{start_link()}"""
        return page("Names to look at", body)

    def offer(session: Session, i: int) -> list[str]:
        """For a food chosen without a measure for a unit written with the name: its
        measures or grams to count one of that unit as."""
        if i not in session.unfit or session.unfit[i][0] != session.picks.get(i):
            return []
        food_id, units = session.unfit[i]
        measures = describe_food(food_id, foods(session.tables))["measures"]
        shown = []
        for k, unit in enumerate(units):
            options = ['<option value="">none: leave the row rejected</option>'] + [
                f'<option value="{m["grams"]:g}">{m["amount"]:g} {e(m["description"])} '  # type: ignore[index]
                f"({m['grams']:g} g)</option>"  # type: ignore[index]
                for m in measures  # type: ignore[attr-defined]
            ]
            shown.append(
                f'<label>Count one &ldquo;{e(unit)}&rdquo; as <select name="measure-{i}-{k}">'
                f'{"".join(options)}</select></label><label>or as grams <input type="text" '
                f'name="grams-{i}-{k}" inputmode="decimal"></label>'
            )
        return shown

    def count_units(session: Session) -> None:
        """What the person counted one unit of an unfit food as, from the form."""
        for i, (food_id, units) in session.unfit.items():
            if session.picks.get(i) != food_id:
                continue
            measures = describe_food(food_id, foods(session.tables))["measures"]
            grams_of = {m["grams"] for m in measures}  # type: ignore[attr-defined,index]
            for k, unit in enumerate(units):
                typed = request.form.get(f"grams-{i}-{k}", "").strip()
                chosen = request.form.get(f"measure-{i}-{k}", "").strip()
                try:
                    grams = float(typed or chosen) if typed or chosen else None
                except ValueError:
                    grams = None
                if typed and (grams is None or not 0 < grams <= 5000):
                    raise AppError(
                        f"grams for one {unit!r}: a number from 0 to 5000, not {typed!r}"
                    )
                if not typed and grams is not None and grams not in grams_of:
                    raise AppError(f"{chosen!r} is not one of the measures of {food_id}")
                if grams is not None:
                    session.counted[(i, unit)] = (food_id, grams)

    @app.get("/names/<sid>")
    def names(sid: str) -> Response:
        return names_page(sid, session_of(sid))

    @app.post("/names/<sid>")
    def choose(sid: str) -> Response:
        """Every answer is a redirect (post/redirect/get): Back and reloading never send
        the form again. What the person should read waits in the session."""
        session = session_of(sid)
        picks = {}
        for i, review in enumerate(session.found):
            pick = request.form.get(f"pick-{i}", "").strip()
            allowed = {f for f, _ in session.candidates.get(i, review.candidates)}
            if pick and pick not in allowed:
                raise AppError(f"food {pick!r} is not a candidate for {review.written!r}")
            picks[i] = pick
        session.picks = {i: pick for i, pick in picks.items() if pick}
        session.message, session.notes = None, {}
        searched = request.form.get("search")
        if searched is not None:
            return redirect(f"/names/{sid}" + search(session, searched), 303)
        session.done = None
        session.saved = None
        count_units(session)
        misfits = misfitting(session)
        if misfits and misfits != session.warned:  # said once; the same picks again go on
            session.warned = misfits
            session.notes = misfits
            session.message = "a food chosen has no measure for the amount written: see below"
            return redirect(f"/names/{sid}#name-{min(misfits)}", 303)
        choices = session.choices()
        if choices and request.form.get("save") == "yes":
            try:
                saved = save_aliases(choices, foods(session.tables), aliases_file)
            except ScreenerError as error:
                session.message = str(error)
                return redirect(f"/names/{sid}", 303)
            session.saved = (
                f"Saved {counted(len(choices), 'choice')} to {saved}; screener uses them next time."
            )
        return redirect(f"/report/{sid}", 303)

    def search(session: Session, searched: str) -> str:
        """Search the row whose button was pressed, or (Enter in a box: the form's first
        button, TYPED) each row whose words changed. The fragment of the row to show."""
        if searched == TYPED:
            typed = {
                i: request.form.get(f"query-{i}", "").strip() for i in range(len(session.found))
            }
            rows = [i for i, words in typed.items() if words and words != session.queries.get(i)]
            if not rows:
                if not any(typed.values()):
                    session.message = "write some words in a Search again box to search for"
                return ""
        elif searched.isdigit() and int(searched) < len(session.found):
            rows = [int(searched)]
        else:
            raise AppError("no such name to search for")
        for i in rows:
            query = request.form.get(f"query-{i}", "").strip()
            session.queries[i] = query
            if not query:
                session.notes[i] = "write some words to search for"
                continue
            hits = search_foods(query, limit=REVIEW_CANDIDATES, table=foods(session.tables))
            found = list(zip(hits["food_id"], hits["name"], strict=True))
            if not found:
                session.notes[i] = f"nothing found for {query!r}; try other words"
                continue
            session.candidates[i] = [(str(f), str(n)) for f, n in found]
        return f"#name-{rows[0]}"

    def misfitting(session: Session) -> dict[int, str]:
        """The names whose chosen food has no measure for an amount written with them:
        row number -> what to tell the person (the food's measures, or grams)."""
        chosen = {
            i: f for i, f in session.picks.items() if f != session.found[i].resolution.food_id
        }
        session.unfit = {}
        if not chosen:
            return {}
        table = foods(session.tables)
        before = read_upload(session.diary, table)
        mine = with_measures(with_aliases(session.choices(), table), session.measures())
        after = read_upload(session.diary, mine)
        unit = RejectReason.UNKNOWN_UNIT
        already = {r.line for r in before.rejected if r.reason is unit}
        refused = {r.line: r for r in after.rejected if r.reason is unit and r.line not in already}
        # what each line wrote: a used row's food, or the name an unknown food's row had
        written = {int(r.line): str(r.food).strip() for r in before.rows.itertuples()}
        written |= {r.line: r.value.strip() for r in before.rejected if r.column == "food"}
        said: dict[int, str] = {}
        for i, food_id in chosen.items():
            lines = sorted(
                line for line in refused if written.get(line) == session.found[i].written
            )
            if not lines:
                continue
            unfit = sorted({refused[line].value for line in lines})
            session.unfit[i] = (food_id, unfit)
            units = ", ".join(f"“{unit}”" for unit in unfit)
            measures = describe_food(food_id, table)["measures"]
            fits = "; ".join(
                f"{m['amount']:g} {m['description']} ({m['grams']:g} g)" for m in measures
            )  # type: ignore[index]
            said[i] = (
                f"{food_id} has no measure {units} "
                f"({'line' if len(lines) == 1 else 'lines'} {', '.join(map(str, lines))}): "
                "its measures are "
                f"{fits or 'none (grams only)'}, or grams. Count one as a measure or grams "
                "below, pick another food, or show the report with "
                f"{'that row' if len(lines) == 1 else 'those rows'} rejected."
            )
        return said

    def finished(session: Session) -> tuple[Report, str, str | None]:
        if session.done is None:
            from .plan import make_plan

            table = with_measures(
                with_aliases(session.choices(), foods(session.tables)), session.measures()
            )
            read = leave_out(
                choose_days(read_upload(session.diary, table), *session.days),
                session.left_out(),
            )
            taken = read_supplements_upload(session.supplements)
            result = screen(read, session.profile, None, table, taken, session.references)
            plan = None
            if result.next_step:
                found = make_plan(result, table)
                plan = "\n".join(["<h2>The plan</h2>", *plan_section(found)])
            # the page downloaded is the one on the screen, less its links
            session.done = (result, render_page(result, plan=plan or "", app=True), plan)
        return session.done

    @app.get("/report/<sid>")
    def report_page(sid: str) -> Response:
        session = session_of(sid)
        try:
            result, _, plan = finished(session)
        except ScreenerError as error:
            return page("No report", error_text(str(error)) + start_link(), 422)
        stem = e(Path(session.diary.name).stem)
        links = " ".join(
            f'<a href="/report/{e(sid)}/{stem}-report.{ext}" download>{label}</a>'
            for ext, label in (("csv", "CSV"), ("json", "JSON"), ("html", "this page"))
        )
        saved = f'<p class="note">{e(session.saved)}</p>' if session.saved else ""
        back = f' <a href="/names/{e(sid)}">Change the names</a>' if session.found else ""
        top = (
            f'<nav class="app">{saved}Download: {links}<br><a href="/">Screen another diary'
            f"</a>{back}</nav>"
        )
        text = render_page(result, top=APP_STYLE + top, plan=plan or "", app=True)
        return Response(text, mimetype="text/html")

    @app.get("/report/<sid>/<name>")
    def download(sid: str, name: str) -> Response:
        session = session_of(sid)
        fmt = name.rpartition(".")[2]
        if fmt not in ("csv", "json", "html"):
            raise AppError(f"no download {name!r}: csv, json or html", 404)
        result, page_text, _ = finished(session)
        text = page_text if fmt == "html" else render(result, fmt)  # the page as shown
        response = Response(text, mimetype=MEDIA_TYPES[fmt])
        filename = f"{Path(session.diary.name).stem}-report.{fmt}"
        response.headers.set("Content-Disposition", "attachment", filename=filename)
        return response

    @app.post("/report")
    def report_for_scripts() -> Response:
        fmt = request.args.get("format", OutputFormat.TABLE.value)
        try:
            if fmt not in REPORT_FORMATS:
                raise AppError(f"format {fmt!r} is not one of {', '.join(REPORT_FORMATS)}")
            profile = profile_from_form()
            days = days_from_form()
            diary = uploaded("diary", required=True)
            assert diary is not None
            supplements = uploaded("supplements", required=False)
            tables, references = choices_from_form()
            result = screen_upload(diary, profile, foods(tables), supplements, days, references)
        except AppError as error:
            return Response(f"Error: {error}\n", status=error.status, mimetype="text/plain")
        except ScreenerError as error:
            return Response(f"Error: {error}\n", status=422, mimetype="text/plain")
        return Response(render(result, fmt), mimetype=MEDIA_TYPES[fmt])

    return app


def shown_path(path: Path) -> str:
    """PATH as a person reads it: ~/… under their home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without the request log (its URLs would show the token)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def make_app_server(
    port: int = 0,
    token: str | None = None,
    user_foods: Path | str | None = None,
    user_aliases: Path | str | None = None,
) -> tuple[BaseWSGIServer, str]:
    """A server on 127.0.0.1:PORT (0: a free port) and the address to open, with its
    token. Werkzeug's threaded server: one person, on their own machine."""
    token = token or secrets.token_urlsafe(24)
    holder: dict[str, Any] = {}
    if port:  # Werkzeug would print its own message and exit: say it the screener's way
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError as error:
                raise AppPortError(f"cannot listen on {HOST}:{port}: {error.strerror}") from error

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        return holder["app"](environ, start_response)

    server = make_server(HOST, port, wsgi, threaded=True, request_handler=QuietHandler)
    address = f"{HOST}:{server.server_port}"
    holder["app"] = create_app(token, address, user_foods, user_aliases)
    return server, f"http://{address}/?token={token}"
