"""screener: screen a food diary for low intakes of the nutrients that act on nerves and
muscles. A screening aid, not a diagnosis.

The notebook API, in one glance:

    import screener
    foods = screener.search_foods("banana")
    refs = screener.reference_intakes(screener.Profile(sex="female", age=40))
"""

from importlib.metadata import version

from .errors import DataFileError, ScreenerError, UnknownFoodError
from .foods import load_foods, search_foods
from .models import LifeStage, Profile, ReferenceIntakes, Sex
from .nutrients import NUTRIENTS, Nutrient
from .references import reference_intakes

__version__ = version("screener")

__all__ = [
    "NUTRIENTS",
    "DataFileError",
    "LifeStage",
    "Nutrient",
    "Profile",
    "ReferenceIntakes",
    "ScreenerError",
    "Sex",
    "UnknownFoodError",
    "__version__",
    "load_foods",
    "reference_intakes",
    "search_foods",
]
