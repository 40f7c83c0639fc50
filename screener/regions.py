"""--region: a country's food table and reference values together, only when asked.

`--region fr` is `--table ciqual --references efsa`; an explicit --table or --references
wins over it. A person may keep a region in ~/.config/screener/config.toml
(`region = "fr"`); without one, nothing changes (usda and nasem).
"""

from __future__ import annotations

from pathlib import Path

from .errors import DataFileError, ScreenerError
from .foods import is_file, user_config_dir
from .references import EFSA, NASEM

# region -> (--table, --references). Australia's own reference values (NHMRC's NRVs) are
# not bundled: the US/Canada DRIs stand in (the NRVs follow their EAR/RDA scheme).
REGIONS: dict[str, tuple[str, str]] = {
    "us": ("usda", NASEM),
    "fr": ("ciqual", EFSA),
    "au": ("afcd", NASEM),
    "fi": ("fineli", EFSA),
}
CONFIG_FILE = "config.toml"


class UnknownRegionError(ScreenerError, ValueError):
    def __init__(self, region: str) -> None:
        self.region = region
        super().__init__(region)

    def __str__(self) -> str:
        return f"no region {self.region!r}; choose from {', '.join(REGIONS)}"


def configured_region(path: Path | None = None) -> str | None:
    """The region the person keeps in config.toml (PATH, else user_config_dir()'s), or
    None. A file that cannot be read, or a region screener lacks, is a DataFileError."""
    path = path or user_config_dir() / CONFIG_FILE
    if not is_file(path):
        return None
    import tomllib  # only for a config file: most runs have none

    try:
        text = path.read_text("utf-8")
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # its message names the line and column
        raise DataFileError(path, f"not TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, f"cannot be read: {error}") from error
    region = settings.get("region")
    if region is None:
        return None
    if not isinstance(region, str) or region.strip().lower() not in REGIONS:
        line = next(
            (n for n, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith("region")),
            None,
        )
        raise DataFileError(path, f"region {region!r} is none of {', '.join(REGIONS)}", line=line)
    return region.strip().lower()


def with_region(
    region: str | None, tables: tuple[str, ...] | None, references: str | None
) -> tuple[tuple[str, ...] | None, str]:
    """(tables, references) once REGION (given, else the configured one) fills what was
    not chosen; None tables is the default (usda), and the references default nasem."""
    if region is not None and region.lower() not in REGIONS:
        raise UnknownRegionError(region)
    region = region.lower() if region else configured_region()
    if region is None:
        return tables, references or NASEM
    table, refs = REGIONS[region]
    return tables or (table,), references or refs
