"""`screener app`: the screener as a local web app, for people who never open a terminal.

One page at a time, plain HTML forms (no script): a diary and a profile; the names that
need a look, with their candidates (as `screener resolve` gives them); the report (the
page `screener report --format html` writes, with the plan) and its downloads.
`POST /report` answers scripts with exactly what `screener report` prints.

Safe by construction: it listens on 127.0.0.1 only; every request needs the token it
printed (a GET may carry it in the URL or in the cookie the first page sets; a POST in
the form field `token` or the header `X-Screener-Token`); a `Host` other than the
printed address is refused (DNS rebinding); uploads over MAX_UPLOAD get 413. A diary
is held in memory, never written to disk (only saved aliases and downloads are).
Flask is imported only by this module, which only `screener app` imports.
"""

from __future__ import annotations

import html
import secrets
import socket
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Flask, Response, redirect, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .diary import DiaryRead, read_diary
from .errors import ProfileError, ScreenerError
from .foods import (
    FoodTable,
    load_user_foods,
    save_aliases,
    search_foods,
    user_config_dir,
    with_aliases,
)
from .matching import REVIEW_CANDIDATES, Review, reviews
from .models import DISCLAIMER, LifeStage, OutputFormat, Profile, Report, Sex, profile_of
from .nutrients import DEFAULT_FOOD_TABLE, FOOD_TABLES
from .page import page_head
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
</style>"""
KINDS = {None: "not found", "fuzzy": "fuzzy", "assumed": "assumed"}


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
    done: tuple[Report, str, str | None] | None = None  # report, page, plan HTML
    tables: tuple[str, ...] = ("usda",)  # the food table chosen (--table)
    references: str = "nasem"  # the reference values chosen (--references)

    def choices(self) -> dict[str, str]:
        return {self.found[i].written: food_id for i, food_id in self.picks.items() if food_id}


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
    references: str = "nasem",
) -> Report:
    """The report `screener report DIARY --supplements SUPPLEMENTS` makes of these files."""
    read = read_upload(diary, foods)
    return screen(read, profile, None, foods, read_supplements_upload(supplements), references)


def choices_from_form() -> tuple[tuple[str, ...], str]:
    """The food table and reference values the form chose (--table, --references)."""
    table = request.form.get("table", "").strip() or DEFAULT_FOOD_TABLE
    references = request.form.get("references", "").strip() or NASEM
    if table not in FOOD_TABLES or references not in REFERENCE_SYSTEMS:
        raise AppError(f"no food table {table!r} or reference values {references!r}")
    return (table,), references


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
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD
    aliases_file = Path(user_aliases) if user_aliases else user_config_dir() / "aliases.csv"
    cookie = f"screener_token_{address.rpartition(':')[2]}"  # cookies ignore the port
    sessions: OrderedDict[str, Session] = OrderedDict()
    lock = threading.Lock()
    e = html.escape

    def foods(tables: tuple[str, ...] = (DEFAULT_FOOD_TABLE,)) -> FoodTable:
        return load_user_foods(user_foods, user_aliases, tables)

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
            given = request.headers.get("X-Screener-Token") or request.form.get("token")
        if not given or not secrets.compare_digest(given.encode(), token.encode()):
            return refusal(
                "no valid token: open the address `screener app` printed, with its ?token=",
                403,
            )
        return None

    def refusal(message: str, status: int) -> Response:
        if request.path == "/report" and request.method == "POST":  # a script
            return Response(f"Error: {message}\n", status=status, mimetype="text/plain")
        return page("Refused", error_text(message), status)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        welcomed = request.host == address and response.status_code < 400
        if welcomed and request.method == "GET" and request.args.get("token") == token:
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
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
            message = (
                f"the upload is over {MAX_UPLOAD // (1024 * 1024)} MB: a diary of that size "
                "is more than the app reads; use `screener report` on the file"
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
            diary = uploaded("diary", required=True)
            supplements = uploaded("supplements", required=False)
            assert diary is not None
            tables, references = choices_from_form()
            table = foods(tables)
            read = read_upload(diary, table)
            read_supplements_upload(supplements)  # refused now, not after the names
            found = reviews(read.resolutions, table)
        except AppError as error:
            return start_form(str(error), error.status)
        except ScreenerError as error:
            return start_form(str(error), 422)
        sid = secrets.token_urlsafe(16)
        session = Session(diary, supplements, profile, found, tables=tables,
                          references=references)  # fmt: skip
        session.picks = {
            i: r.resolution.food_id for i, r in enumerate(found) if r.resolution.food_id
        }
        with lock:
            sessions[sid] = session
            while len(sessions) > MAX_SESSIONS:
                sessions.popitem(last=False)
        return redirect(f"/names/{sid}" if found else f"/report/{sid}", 303)

    def names_page(sid: str, session: Session, message: str | None = None) -> Response:
        blocks = []
        for i, review in enumerate(session.found):
            resolution = review.resolution
            kind = KINDS.get(resolution.match.value if resolution.match else None, "")
            if resolution.match is not None and resolution.match.value == "fuzzy":
                kind = f"fuzzy, {resolution.score:g}"
            taken = f" (taken: {e(resolution.food_id)})" if resolution.food_id else ""
            rows = []
            for food_id, name in session.candidates.get(i, review.candidates):
                checked = " checked" if session.picks.get(i) == food_id else ""
                rows.append(
                    f'<div class="choice"><input type="radio" id="p{i}-{e(food_id)}" '
                    f'name="pick-{i}" value="{e(food_id)}"{checked}> '
                    f'<label for="p{i}-{e(food_id)}">{e(food_id)} {e(name)}</label></div>'
                )
            if not rows:
                rows.append('<p class="note">No candidates: search with other words.</p>')
            none = "" if session.picks.get(i) else " checked"
            rows.append(
                f'<div class="choice"><input type="radio" id="p{i}-none" name="pick-{i}" '
                f'value=""{none}> <label for="p{i}-none">Leave out: no choice (an unknown '
                "name stays out of the report; a guess stays as screener took it)</label></div>"
            )
            query = session.queries.get(i, "")
            rows.append(
                f'<label>Search again <input type="text" name="query-{i}" value="{e(query)}">'
                f'</label><button type="submit" name="search" value="{i}">Search</button>'
            )
            blocks.append(
                f"<fieldset><legend>&ldquo;{e(review.written)}&rdquo;: {e(kind)}{taken}"
                f"</legend>{''.join(rows)}</fieldset>"
            )
        body = f"""{error_text(message)}
<p>{len(session.found)} name(s) in {e(session.diary.name)} need a look: screener did not
find them, or took a guess. Pick the food each one is, search again, or leave it out.</p>
<form method="post" action="/names/{e(sid)}">{hidden_token()}
{"".join(blocks)}
<label><input type="checkbox" name="save" value="yes"> Also save my choices to
{e(shown_path(aliases_file))}, so that screener uses them next time (it keeps what the file
holds)</label>
<button type="submit" name="go" value="yes">Show the report</button>
</form>{start_link()}"""
        return page("Names to look at", body)

    @app.get("/names/<sid>")
    def names(sid: str) -> Response:
        return names_page(sid, session_of(sid))

    @app.post("/names/<sid>")
    def choose(sid: str) -> Response:
        session = session_of(sid)
        for i, review in enumerate(session.found):
            pick = request.form.get(f"pick-{i}", "").strip()
            allowed = {f for f, _ in session.candidates.get(i, review.candidates)}
            if pick and pick not in allowed:
                raise AppError(f"food {pick!r} is not a candidate for {review.written!r}")
            if pick:
                session.picks[i] = pick
            else:
                session.picks.pop(i, None)
        searched = request.form.get("search")
        if searched is not None:
            if not searched.isdigit() or int(searched) >= len(session.found):
                raise AppError("no such name to search for")
            i = int(searched)
            query = request.form.get(f"query-{i}", "").strip()
            session.queries[i] = query
            if not query:
                return names_page(sid, session, "write some words to search for")
            hits = search_foods(query, limit=REVIEW_CANDIDATES, table=foods(session.tables))
            found = list(zip(hits["food_id"], hits["name"], strict=True))
            if not found:
                return names_page(sid, session, f"nothing found for {query!r}; try other words")
            session.candidates[i] = [(str(f), str(n)) for f, n in found]
            return names_page(sid, session)
        session.done = None
        session.saved = None
        choices = session.choices()
        if choices and request.form.get("save") == "yes":
            try:
                saved = save_aliases(choices, foods(session.tables), aliases_file)
            except ScreenerError as error:
                return names_page(sid, session, str(error))
            session.saved = (
                f"Saved {len(choices)} choice(s) to {saved}; screener uses them next time."
            )
        return redirect(f"/report/{sid}", 303)

    def finished(session: Session) -> tuple[Report, str, str | None]:
        if session.done is None:
            from .page import plan_section
            from .plan import make_plan

            table = with_aliases(session.choices(), foods(session.tables))
            result = screen_upload(session.diary, session.profile, table, session.supplements,
                                   session.references)  # fmt: skip
            plan = None
            if result.next_step:
                found = make_plan(result, table)
                plan = "\n".join(["<h2>The plan</h2>", *plan_section(found)])
            session.done = (result, render(result, "html"), plan)
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
        text = render_page_with(result, top, plan or "")
        return Response(text, mimetype="text/html")

    def render_page_with(result: Report, top: str, bottom: str) -> str:
        from .page import render_page

        return render_page(result, top=APP_STYLE + top, bottom=bottom)

    @app.get("/report/<sid>/<name>")
    def download(sid: str, name: str) -> Response:
        session = session_of(sid)
        fmt = name.rpartition(".")[2]
        if fmt not in ("csv", "json", "html"):
            raise AppError(f"no download {name!r}: csv, json or html", 404)
        result, page_text, _ = finished(session)
        text = page_text if fmt == "html" else render(result, fmt)
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
            diary = uploaded("diary", required=True)
            assert diary is not None
            supplements = uploaded("supplements", required=False)
            tables, references = choices_from_form()
            result = screen_upload(diary, profile, foods(tables), supplements, references)
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
