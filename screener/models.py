"""Enums and pydantic models that cross module borders."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import ProfileError
from .nutrients import Nutrient


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    HTML = "html"  # the report only


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class LifeStage(StrEnum):
    NONE = "none"
    PREGNANT = "pregnant"
    LACTATING = "lactating"


# The DRI tables start at 1 year and run to "over 70"; 120 is the oldest age we accept.
MIN_AGE = 1.0
MAX_AGE = 120.0
# Pregnancy and lactation groups in the DRI tables: 14-18, 19-30, 31-50 years.
MIN_REPRODUCTIVE_AGE = 14
MAX_REPRODUCTIVE_AGE = 50

INFANT_REFUSAL = (
    "infants under 1 year are not screened: infant feeding needs a professional's "
    "assessment, not a food-diary screen"
)


class Profile(BaseModel):
    """The person a diary is judged for.

    `sex` or `age` left out (None) means "not given": the screener then uses its stated
    default, which errs toward flagging (see references.py).
    """

    model_config = ConfigDict(frozen=True)

    sex: Sex | None = None
    age: float | None = Field(default=None, description="age in years; 18.5 is in 14-18")
    life_stage: LifeStage = LifeStage.NONE

    @field_validator("age", mode="before")
    @classmethod
    def _age_is_a_number(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"age must be a number of years, not {value!r}") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueError(f"age must be a number of years, not {value!r}")
        return number

    @field_validator("age")
    @classmethod
    def _age_in_range(cls, value: float | None) -> float | None:
        if value is None:
            return None
        if 0 <= value < MIN_AGE:
            raise ValueError(INFANT_REFUSAL)
        if not MIN_AGE <= value <= MAX_AGE:
            raise ValueError(f"age must be between 1 and 120 years, not {value:g}")
        return value

    @model_validator(mode="after")
    def _life_stage_fits(self) -> Profile:
        if self.life_stage is LifeStage.NONE:
            return self
        stage = self.life_stage.value
        if self.sex is Sex.MALE:
            raise ValueError(f"life stage {stage!r} applies only to females")
        if self.age is not None and not (
            MIN_REPRODUCTIVE_AGE <= math.floor(self.age) <= MAX_REPRODUCTIVE_AGE
        ):
            raise ValueError(
                f"life stage {stage!r} at age {self.age:g} is outside the DRI tables, "
                "which cover pregnancy and lactation from 14 to 50 years"
            )
        return self


def profile_of(sex: object, age: object, life_stage: object) -> Profile:
    """A Profile from what a person gave (options, or a form's text; empty = not given),
    or a ProfileError naming every problem, in the words the CLI and the app show."""
    try:
        return Profile(sex=sex or None, age=age, life_stage=life_stage or LifeStage.NONE)
    except ValidationError as error:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise ProfileError(problems) from error


class ReferenceIntake(BaseModel):
    """The DRI values of one nutrient for one person's life-stage group."""

    model_config = ConfigDict(frozen=True)

    nutrient: Nutrient
    unit: str
    ear: float | None
    rda: float | None
    ai: float | None
    ul: float | None
    cdrr: float | None
    ul_applies_to: str | None = Field(description="'total' or 'supplements only'")
    cv_percent: float | None = Field(description="CV of requirement, %")
    sd_requirement: float | None = Field(
        description="SD_r: CV x EAR, or (RDA - EAR) / 2 where no CV is published"
    )
    sd_requirement_basis: str | None = Field(
        default=None, description="'published CV' or 'implied by RDA and EAR'"
    )
    sd_within: float | None = Field(description="pooled within-person SD of daily intake")
    sd_within_status: str | None = Field(description="'read' or 'derived' (see its source)")
    sd_within_source: str | None
    group: str
    source: str
    notes: str = Field(description="notes on the data: conflicts between sources, rounding")
    advice: list[str] = Field(description="the special cases in words a report can print")
    # whose values: nasem (the DRIs) or efsa (ear = EFSA's AR, rda = its PRI)
    system: str = Field(default="nasem", exclude=True)

    @property
    def target(self) -> float | None:
        """What coverage is measured against: the RDA where one exists, else the AI."""
        return self.rda if self.rda is not None else self.ai

    @property
    def target_type(self) -> str:
        if self.rda is None:
            return "AI"
        return "PRI" if self.system == "efsa" else "RDA"


class ReferenceIntakes(BaseModel):
    """A person's reference values for the eight nutrients."""

    model_config = ConfigDict(frozen=True)

    profile: Profile
    group: str = Field(description="the life-stage group in words, e.g. 'females 31-50'")
    default_note: str | None = Field(description="set when a default was used, saying which")
    intakes: list[ReferenceIntake]
    system: str = Field(default="nasem", exclude=True)

    def get(self, nutrient: Nutrient) -> ReferenceIntake:
        return next(intake for intake in self.intakes if intake.nutrient == nutrient)

    def to_frame(self) -> pd.DataFrame:
        return references_frame(self)


class MatchKind(StrEnum):
    """How a diary row's food was found."""

    FOOD_ID = "food_id"  # the row gave an SR28 number
    NAME = "name"  # the exact USDA name (case, spacing, punctuation ignored)
    ALIAS = "alias"  # an everyday name from the alias list (bundled or the user's)
    FUZZY = "fuzzy"  # the best fuzzy match, clear enough to take
    ASSUMED = "assumed"  # several forms fit; the one people usually mean was taken
    LOGGED = "logged"  # nutrient amounts came with the row (Cronometer); no match needed


class Resolution(BaseModel):
    """What a food as written became: a food of the table, or why not."""

    model_config = ConfigDict(frozen=True)

    written: str
    food_id: str | None
    name: str | None
    match: MatchKind | None
    score: float | None = Field(description="match confidence 0-100")
    suggestions: list[str] = Field(default_factory=list, description="'09040 Bananas, raw'")


class RejectReason(StrEnum):
    """Stable codes for a diary row that could not be used."""

    UNKNOWN_FOOD = "unknown_food"
    AMBIGUOUS_FOOD = "ambiguous_food"
    FUZZY_MATCH = "fuzzy_match"  # --strict: a fuzzy match is not good enough
    UNKNOWN_UNIT = "unknown_unit"
    BAD_AMOUNT = "bad_amount"
    BAD_DATE = "bad_date"
    MISSING_VALUE = "missing_value"
    TOO_MANY_FIELDS = "too_many_fields"
    FIELD_TOO_LONG = "field_too_long"  # a cell far longer than any diary cell
    UNKNOWN_NUTRIENT = "unknown_nutrient"  # a supplement row's nutrient
    BAD_FREQUENCY = "bad_frequency"  # a supplement row's frequency
    NOT_A_FOOD = "not_a_food"  # a medicine or supplement written as a food
    NO_FOOD_RECALL = "no_food_recall"  # an ASA24 supplement of a person with no food recall
    # Lines that are not diary entries: listed, neither used nor counted as rejected.
    EMPTY_DAY = "empty_day"  # a summary row of a date with nothing logged
    DELETED_ENTRY = "deleted_entry"  # an entry the person deleted in the app
    NOT_FOOD = "not_food"  # an exercise or calorie-bonus line of a food log
    SUBTOTAL = "subtotal"  # a meal's subtotal where the export also gives the day's total
    NOTE_TEXT = "note_text"  # a line of the previous row's note, written unquoted
    LEFT_OUT = "left_out"  # a row of a name the person chose to leave out (in the app)
    OUTSIDE_DAYS = "outside_days"  # a row dated outside the days chosen (--from, --to, --last)


class RejectedRow(BaseModel):
    """A diary row that was not used: where it is, why, and what it said."""

    model_config = ConfigDict(frozen=True)

    line: int
    reason: RejectReason
    column: str | None = None
    value: str
    message: str
    user: str | None = None  # in a diary of several people, whose row it was


class Status(StrEnum):
    LOW = "low"
    BORDERLINE = "borderline"
    ADEQUATE = "adequate"
    HIGH = "high"  # sodium above its CDRR


class UlStatus(StrEnum):
    BELOW = "below UL"
    ABOVE = "above UL"
    NO_UL = "no UL"


DISCLAIMER = (
    "A screening aid, not a diagnosis. Persistent or severe twitching, or twitching with "
    "weakness, needs a healthcare professional."
)


class Contributor(BaseModel):
    """A food of the diary and what it supplied of one nutrient."""

    food: str
    amount_per_day: float
    share_pct: float


class Suggestion(BaseModel):
    """A food that would add a nutrient, per ordinary portion."""

    food_id: str
    label: str
    portion: str
    amount: float


class NutrientResult(BaseModel):
    """One nutrient of a screened diary. Field order is the CSV column order."""

    nutrient: Nutrient
    group: str
    unit: str
    mean_daily_intake: float | None
    target: float | None
    target_type: str  # RDA | AI
    coverage_pct: float | None
    status: Status | None
    flagged: bool
    confidence: float | None = Field(description="0-1; empty where the method does not apply")
    data_complete_pct: float | None
    values_from: str = Field(
        description="where the known values came from: export, food table, both, or none"
    )
    days_logged: int
    name: str
    ear: float | None
    rda: float | None
    ai: float | None
    ul: float | None
    cdrr: float | None
    ul_status: UlStatus
    confidence_words: str
    confidence_note: str | None = Field(description="why no confidence, where none")
    sd_within: float | None = Field(
        default=None, description="the within-person SD of daily intake the confidence used"
    )
    sd_within_basis: str | None = Field(
        default=None, description="'pooled' (the group's, from survey tables) or 'own days'"
    )
    sd_requirement_basis: str | None = Field(
        default=None, description="'published CV' or 'implied by RDA and EAR'"
    )
    limit_confidence: float | None = Field(
        default=None, description="0-1: that usual intake exceeds the UL or CDRR, where near"
    )
    limit_words: str | None = Field(default=None, description="limit_confidence in words")
    food_intake: float | None = Field(default=None, description="with supplements only")
    supplement_intake: float | None = Field(default=None, description="with supplements only")
    ul_note: str | None = Field(default=None, description="the sentence when a UL is crossed")
    contributors: list[Contributor] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)


class FlaggedRow(BaseModel):
    """A diary row used as written that looks wrong (diary.IMPLAUSIBLE says what)."""

    line: int
    food: str
    flag: str


class AssumedRow(BaseModel):
    """A diary row used on an assumption: of its amount (none was given, so the food's
    usual portion), or of its food (a form taken for the one people mean, or a fuzzy
    match)."""

    line: int
    food: str  # as written
    name: str | None = None  # the food taken
    grams: float | None = None
    # the food whose measure the amount was read by, where the food's own table has none
    # of its unit (units.Lent.note; the row's flag says it in full)
    borrowed: str | None = None


class DaysChosen(BaseModel):
    """The days a report screens, where they were chosen (--from, --to, --last)."""

    from_date: str | None = Field(description="the first day screened (None: from the start)")
    to_date: str | None = Field(description="the last day screened (None: to the end)")
    diary_first_date: str = Field(description="the diary's first logged day")
    diary_last_date: str = Field(description="the diary's last logged day")
    rows_outside: int = Field(description="rows dated outside the chosen days, left out")


class TrendRow(BaseModel):
    """One nutrient's mean daily intake in one calendar month (or week) of a long diary."""

    nutrient: Nutrient
    period: str = Field(description="the month (2018-03) or the week's Monday (2018-03-05)")
    first_date: str = Field(description="the period's first day screened")
    last_date: str = Field(description="the period's last day screened")
    days_logged: int = Field(description="days of the period with the nutrient known")
    mean_daily_intake: float | None = Field(description="None: no day of it logged")
    unit: str
    coverage_pct: float | None
    status: Status | None


class DayNote(BaseModel):
    date: str
    energy_kcal: float | None


class Report(BaseModel):
    """A screened diary: everything every output format shows."""

    diary: str
    diary_kind: str
    user: str | None
    profile: Profile
    reference_group: str
    default_note: str | None
    days_logged: int
    first_date: str
    last_date: str
    incomplete_days: list[DayNote]
    caffeine_mg_per_day: float | None = Field(description="of the items whose caffeine is known")
    caffeine_complete_pct: float | None = Field(
        default=None, description="share of what was eaten whose caffeine is known"
    )
    water_l_per_day: float | None = Field(
        default=None, description="water from food and drinks logged, litres a day (of the "
        "items whose water is known); plain water is often not logged",
    )  # fmt: skip
    water_complete_pct: float | None = Field(
        default=None, description="share of what was eaten and drunk whose water is known"
    )
    water_ai_l: float | None = Field(
        default=None, description="the Adequate Intake for total water, litres a day (NASEM 2005)"
    )
    results: list[NutrientResult]
    notes: list[str]
    warnings: list[str]
    rejected: list[RejectedRow]
    rows_used: int
    skipped: list[RejectedRow] = Field(
        default_factory=list,
        description="lines that are not entries: dates with nothing logged, deleted entries",
    )
    trend_by: str | None = Field(
        default=None, description="'month' or 'week': how the trend is cut; None: no trend "
        "(a diary of 4 weeks or less)",
    )  # fmt: skip
    trend: list[TrendRow] = Field(
        default_factory=list, description="how intake changed: each nutrient by month or week"
    )
    trend_notes: list[str] = Field(
        default_factory=list, description="where the last month (or week) differs from the whole"
    )
    days_chosen: DaysChosen | None = Field(
        default=None, description="the days screened, where chosen; None: the whole diary"
    )
    implausible_rows: list[FlaggedRow] = Field(
        default_factory=list, description="rows used as written that look wrong: check them"
    )
    amounts_assumed: list[AssumedRow] = Field(
        default_factory=list,
        description="rows without an amount, read as the food's usual portion (FNDDS's "
        "'Quantity not specified')",
    )
    foods_assumed: list[AssumedRow] = Field(
        default_factory=list,
        description="rows whose food was assumed: several forms fit, the usual one was taken",
    )
    fuzzy_matched: list[AssumedRow] = Field(
        default_factory=list, description="rows whose food was found by a fuzzy match"
    )
    next_step: str | None = Field(
        default=None, description="where the gaps are, what `screener plan` would do"
    )
    rows: Any = Field(
        default=None,
        exclude=True,
        repr=False,
        description="the person's diary rows used (a DataFrame, rows.ROW_COLUMNS): what "
        "--details lists; not part of the JSON",
    )
    day_totals: Any = Field(
        default=None,
        exclude=True,
        repr=False,
        description="the daily totals (a DataFrame, scoring.daily_totals) the means rest "
        "on, unknown days NaN: what --details lists; not part of the JSON",
    )
    daily_totals: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="per nutrient key, each logged date's food total: what the mean, the "
        "diary's own SD and the page's daily charts rest on",
    )
    food_tables: list[str] = Field(
        default_factory=list,
        description="the food tables whose values the report used, by title (USDA SR28, "
        "USDA FNDDS 2017-2018, a person's own file)",
    )
    references: str = Field(
        default="nasem",
        description="the reference values: nasem (US/Canada DRIs) or efsa (EFSA's DRVs); "
        "left out of the JSON for nasem",
    )
    food_table_credits: list[str] = Field(
        default_factory=list,
        description="the credit the licence of each national food table used asks for "
        "(CIQUAL, AFCD, Fineli); left out of the JSON when none was used",
    )
    supplements_included: bool = False
    supplement_rejected: list[RejectedRow] = Field(default_factory=list)
    disclaimer: str = DISCLAIMER

    def get(self, nutrient: Nutrient) -> NutrientResult:
        return next(result for result in self.results if result.nutrient == nutrient)

    def to_frame(self) -> pd.DataFrame:
        """One row per nutrient, in the CSV columns (the disclaimer as a column)."""
        return report_frame(self)


# --- the models as tables ---------------------------------------------------------

REFERENCE_COLUMNS = [
    "nutrient", "unit", "ear", "rda", "ai", "ul", "cdrr", "target_type", "group",
    "cv_percent", "sd_requirement", "sd_requirement_basis", "sd_within", "sd_within_status",
    "ul_applies_to",
    "source", "notes", "advice",
]  # fmt: skip


def references_frame(references: ReferenceIntakes) -> pd.DataFrame:
    """One row per nutrient; empty (NaN) where no value exists."""
    rows = []
    for intake in references.intakes:
        row = intake.model_dump(mode="json")
        row["target_type"] = intake.target_type
        row["advice"] = " ".join(intake.advice)
        rows.append({column: row.get(column) for column in REFERENCE_COLUMNS})
    frame = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    numeric = ["ear", "rda", "ai", "ul", "cdrr", "cv_percent", "sd_requirement", "sd_within"]
    frame[numeric] = frame[numeric].astype("float64")
    return frame


# The CSV has one row per nutrient: the scalar fields of NutrientResult, in their
# order, then the disclaimer (so pandas.read_csv still gives exactly eight rows).
CSV_COLUMNS = [
    name
    for name, field in NutrientResult.model_fields.items()
    if name not in ("contributors", "suggestions")
] + ["disclaimer"]

# The rows read on an assumption, counted on every row of the CSV (as the disclaimer),
# in columns present only when some row was: a report without any stays as it was.
ASSUMED_COUNTS = ("amounts_assumed", "foods_assumed", "fuzzy_matched")

# Present only when they say something: supplements were included, or a UL was crossed.
# A food-only report is the same as before supplements existed.
SUPPLEMENT_FIELDS = {"food_intake", "supplement_intake"}


def absent_fields(report: Report) -> set[str]:
    return absent_of(report.results, report.supplements_included)


def absent_of(results: list[NutrientResult], supplements_included: bool) -> set[str]:
    """The CSV columns a report of RESULTS leaves out (see SUPPLEMENT_FIELDS)."""
    absent = set() if supplements_included else set(SUPPLEMENT_FIELDS)
    if all(result.ul_note is None for result in results):
        absent.add("ul_note")
    return absent


def report_frame(report: Report) -> pd.DataFrame:
    counts = {name: len(getattr(report, name)) for name in ASSUMED_COUNTS}
    return results_frame(report.results, counts, report.disclaimer, absent_fields(report))


def result_rows(
    results: list[NutrientResult], counts: dict[str, int], disclaimer: str
) -> list[dict[str, object]]:
    """The rows of a report's CSV table (results_frame), one per result, with every
    field: each its CSV values."""
    rows = []
    for result in results:
        row = result.model_dump(mode="json", exclude={"contributors", "suggestions"})
        row.update(counts)
        row["disclaimer"] = disclaimer
        rows.append(row)
    return rows


def results_frame(
    results: list[NutrientResult], counts: dict[str, int], disclaimer: str, absent: set[str]
) -> pd.DataFrame:
    """A report's CSV table of its RESULTS, with the COUNTS of rows read on an
    assumption (ASSUMED_COUNTS), without the ABSENT columns (absent_of)."""
    rows = result_rows(results, counts, disclaimer)
    columns = [c for c in CSV_COLUMNS if c not in absent]
    if any(counts.values()):
        columns[-1:-1] = ASSUMED_COUNTS  # before the disclaimer, which stays last
    return pd.DataFrame(rows, columns=columns)
