"""The reference values --references chooses: the DRIs (screener.references) or EFSA's
DRVs (screener.efsa, which builds on references' helpers). Kept apart from both so that
neither imports the other's user: references -> efsa -> reference_systems, no circle."""

from __future__ import annotations

from .efsa import efsa_reference_intakes
from .models import Profile, ReferenceIntakes
from .references import EFSA, NASEM, REFERENCE_SYSTEMS, reference_intakes


def reference_values(
    profile: Profile | None = None, system: str = NASEM, energy_kcal: float | None = None
) -> ReferenceIntakes:
    """The person's reference values of SYSTEM (nasem or efsa); ENERGY_KCAL, the mean
    daily energy intake, gives EFSA's thiamin values (set per MJ)."""
    if system == NASEM:
        return reference_intakes(profile)
    if system == EFSA:
        return efsa_reference_intakes(profile, energy_kcal)
    raise ValueError(f"no reference values {system!r}; choose from {', '.join(REFERENCE_SYSTEMS)}")
