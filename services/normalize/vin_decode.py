"""Make, model and year hints from a VIN via `vininfo`, for prefilling the car card.

`vininfo` is best-effort: it may raise on odd input, and returns codes or lists of candidate
models where it cannot tell. Only unambiguous, plausible values are passed on; the user
confirms them anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vininfo import Vin

_FIRST_MODEL_YEAR = 1980


@dataclass(frozen=True, slots=True)
class VinInfo:
    make: str | None = None
    model: str | None = None
    year: int | None = None


def decode_vin(vin: str, today: date | None = None) -> VinInfo | None:
    """What `vininfo` can tell about a normalised VIN; None when it knows nothing.

    The check digit is not required: most non-North-American VINs have none. The model-year
    letter repeats every 30 years; the latest candidate not after next year is taken, since a
    car in for service is far more likely 5 years old than 35.
    """
    try:
        info = Vin(vin)
    except Exception:  # vininfo raises its own and builtin errors alike; a hint is optional
        return None
    result = VinInfo(make=_make(info), model=_model(info), year=_year(info, today))
    if result == VinInfo():
        return None
    return result


def _make(info: Vin) -> str | None:
    try:
        make = info.manufacturer
    except Exception:  # see decode_vin
        return None
    if not isinstance(make, str) or not make.strip() or make == "UnsupportedBrand":
        return None
    return make.strip()


def _model(info: Vin) -> str | None:
    try:
        details = info.details
        name = details.model.name if details is not None else None
    except Exception:  # see decode_vin
        return None
    # A list means several candidate models for this code: not a fact worth prefilling.
    if isinstance(name, str) and name.strip():
        return name.strip()
    return None


def _year(info: Vin, today: date | None) -> int | None:
    try:
        years = list(info.years)
    except Exception:  # see decode_vin
        return None
    latest = (today or date.today()).year + 1
    plausible = [y for y in years if isinstance(y, int) and _FIRST_MODEL_YEAR <= y <= latest]
    return max(plausible) if plausible else None
