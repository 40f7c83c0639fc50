"""screener: screen a food diary for low intakes of the nutrients that act on nerves and
muscles. A screening aid, not a diagnosis.

The notebook API, in one glance:

    import screener
    report = screener.screen_file("week.csv", screener.Profile(sex="female", age=40))
    report.to_frame()                   # one row per nutrient
    read = screener.read_diary("week.csv")   # rows, rejected rows, how foods matched
    screener.search_foods("banana")
    screener.reference_intakes(screener.Profile(sex="male", age=70)).to_frame()
"""

import gc as _gc

# Importing screener (pandas, numpy and pydantic with it, in a fresh process) makes some
# 100,000 objects that live as long as the process: the cyclic collector, run some 190
# times as they are made, walks them over and over (50-60 ms of a report's run). So they
# are made with it off, and then put where its frequent walks never go: in its oldest
# generation, which gc.unfreeze fills with what gc.freeze set aside (where nothing was:
# what a program froze itself stays frozen). A full collection still walks them.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from .diary import DiaryRead, read_diary
    from .errors import DataFileError, ScreenerError, UnknownFoodError
    from .foods import load_foods, search_foods
    from .models import LifeStage, Profile, ReferenceIntakes, Report, Sex
    from .nutrients import NUTRIENTS, Nutrient
    from .references import reference_intakes
    from .scoring import screen, screen_file
finally:
    if _gc.get_freeze_count() == 0:
        _gc.freeze()
        _gc.unfreeze()
    if _collecting:
        _gc.enable()


def __getattr__(name: str) -> str:
    # Read from the installed metadata only when asked: importlib.metadata is slow to
    # import, and `import screener` should stay cheap.
    if name == "__version__":
        from importlib.metadata import version

        return version("screener")
    raise AttributeError(f"module 'screener' has no attribute {name!r}")


__all__ = [
    "NUTRIENTS",
    "DataFileError",
    "DiaryRead",
    "LifeStage",
    "Nutrient",
    "Profile",
    "ReferenceIntakes",
    "Report",
    "ScreenerError",
    "Sex",
    "UnknownFoodError",
    "__version__",
    "load_foods",
    "read_diary",
    "reference_intakes",
    "screen",
    "screen_file",
    "search_foods",
]
