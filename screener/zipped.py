"""The export as downloaded: a ZIP of an app's files (MyFitnessPal's
`File-Export-….zip` holds the Nutrition, Exercise and Measurement summaries), its one
diary found by its header and read as if it were given directly.

Nothing is ever unpacked to disk, so no path is taken from a member's name; what a
member unpacks to is read in bounded pieces (a member's stated size can lie), and a
ZIP inside the ZIP is not opened.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .csvfile import decode, records
from .errors import DataFileError

# A ZIP file's first bytes (a local file header; an empty archive's end record).
ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
# The most one member may unpack to: a diary of years is a few MB (a 2-year Cronometer
# servings export ~5 MB); more is no diary, or a ZIP bomb.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
# An app's export holds a handful of files; more members than this are not looked at.
MAX_MEMBERS = 100
# How much of each member is unpacked to read its header.
HEAD_BYTES = 64 * 1024
_UNSAFE_NAME = re.compile(r"(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[a-zA-Z]:|[\x00-\x1f]")


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_STARTS)


@dataclass(frozen=True)
class Member:
    """A file inside the ZIP and what it is."""

    name: str  # as shown: the member's name, never used as a path
    diary: object | None  # its DiaryFormat, when its header is a diary's
    why_not: str | None  # what it is, when it is no diary


def _shown(name: str) -> str:
    """NAME as a message shows it: control characters made visible, at most 120 long."""
    if re.search(r"[\x00-\x1f]", name):
        name = name.encode("unicode_escape").decode("ascii")
    text = name
    return text if len(text) <= 120 else text[:119] + "…"


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, most: int, path: str) -> bytes:
    """Up to MOST bytes of the member INFO, read in pieces: never more, whatever its
    header says it holds."""
    pieces, size = [], 0
    try:
        with archive.open(info) as stream:
            while size < most:
                piece = stream.read(min(1024 * 1024, most - size))
                if not piece:
                    break
                pieces.append(piece)
                size += len(piece)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        problem = f"member {_shown(info.filename)!r} cannot be read: {error}"
        raise DataFileError(path, problem) from error
    return b"".join(pieces)


def _look_at(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> Member:
    """What the member INFO is: a diary (by its header) or why not."""
    from .formats import detect  # the formats build on diary, which reads ZIPs through here

    name = _shown(info.filename)
    if _UNSAFE_NAME.search(info.filename):
        return Member(name, None, "a name that points outside the ZIP; not opened")
    if info.flag_bits & 0x1:
        return Member(name, None, "encrypted; not opened")
    if info.file_size > MAX_MEMBER_BYTES:
        return Member(name, None, f"unpacks to {info.file_size:,} bytes, more than a diary")
    head = _unpack(archive, info, HEAD_BYTES, path)
    if is_zip(head) or info.filename.lower().endswith(".zip"):
        return Member(name, None, "a ZIP inside the ZIP; not opened")
    try:
        text, _ = decode(head, name)
    except DataFileError as error:
        return Member(name, None, error.problem)
    if len(head) == HEAD_BYTES:  # a piece: its last line may be cut
        text = text.rsplit("\n", 1)[0]
    first = next((line for line in text.splitlines() if line.strip(", ;\t")), "")
    try:
        header, _ = records(first, name)
        found = detect(header, name)
    except DataFileError as error:  # "this looks like an exercise summary, …; take …"
        what = error.problem.split(";")[0]
        return Member(name, None, "no diary header" if what.startswith("no recog") else what)
    return Member(name, found, None)


def diary_in_zip(path: str, data: bytes) -> tuple[str, bytes, list[str]]:
    """(name, bytes, notes) of the one diary inside the ZIP DATA (the file PATH): the
    name to report it by (`PATH (member)`), its bytes, and what the other members are.
    A DataFileError when the ZIP is damaged or holds no diary (listing what it holds),
    or holds more than one and which is meant cannot be known."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DataFileError(path, f"is a ZIP file that cannot be opened: {error}") from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise DataFileError(
                path, f"a ZIP of {len(infos):,} files; an app's export has a few: unzip it "
                "and give the diary file",
            )  # fmt: skip
        members = [(info, _look_at(archive, info, path)) for info in infos]
        diaries = [(info, m) for info, m in members if m.diary is not None]
        with_foods = [(info, m) for info, m in diaries if getattr(m.diary, "has_foods", False)]
        chosen = with_foods or diaries  # a servings export over a daily summary of it
        if not chosen:
            held = "; ".join(f"{m.name}: {m.why_not}" for _, m in members) or "nothing"
            raise DataFileError(path, f"a ZIP with no diary inside; it holds: {held}")
        if len(chosen) > 1:
            names = ", ".join(m.name for _, m in chosen)
            raise DataFileError(
                path, f"a ZIP with {len(chosen)} diaries ({names}): unzip it and give one"
            )
        info, member = chosen[0]
        body = _unpack(archive, info, MAX_MEMBER_BYTES + 1, path)
        if len(body) > MAX_MEMBER_BYTES:
            raise DataFileError(
                path, f"{member.name} unpacks to more than {MAX_MEMBER_BYTES:,} bytes: no diary "
                "is that large",
            )  # fmt: skip
    others = [(m.name, m.why_not or "a diary too, not read") for _, m in members if m is not member]
    notes = []
    if others:
        listed = "; ".join(f"{name} ({why})" for name, why in others)
        notes.append(f"{path}: read {member.name} from the ZIP; the other files: {listed}")
    return f"{path} ({member.name})", body, notes
