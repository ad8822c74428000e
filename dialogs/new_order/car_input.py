"""Reading "VIN or plate" from one message; also "make model [year]" for a new car."""

from __future__ import annotations

from datetime import datetime

from services.normalize import (
    InvalidPlate,
    clean_vin,
    normalize_plate,
    normalize_vin,
)

VIN_LENGTH = 17
# Longer than any plate (А123ВС777 is 9): the master was typing a VIN.
VIN_LIKE = 10
MAX_NAME_PART = 64


def parse_car_ids(text: str) -> tuple[str | None, str | None]:
    """(vin, plate): one of them, or both when sent together ("XTA… А123ВС77").

    Raises the normaliser's error for what the text looks like most: a VIN or a plate.
    """
    cleaned = clean_vin(text) or ""
    if len(cleaned) == VIN_LENGTH:
        return normalize_vin(text), None
    try:
        return None, normalize_plate(text)
    except InvalidPlate:
        pass
    words = text.split()
    vins = [w for w in words if len(clean_vin(w) or "") == VIN_LENGTH]
    if len(vins) == 1:
        rest = " ".join(w for w in words if w != vins[0])
        return normalize_vin(vins[0]), normalize_plate(rest) if rest else None
    if len(cleaned) >= VIN_LIKE:
        normalize_vin(text)  # raises with the reason (length, I/O/Q …)
    return None, normalize_plate(text)


def parse_make_model(text: str, now: datetime) -> tuple[str | None, str | None, int | None]:
    """ "BMW X5", "Лада Веста 2018", "Toyota" → make, model, year (a plausible one only)."""
    words = text.split()
    year = None
    if len(words) > 1 and words[-1].isdigit() and len(words[-1]) == 4:
        candidate = int(words[-1])
        if 1900 <= candidate <= now.year + 1:
            year = candidate
            words = words[:-1]
    make = words[0][:MAX_NAME_PART] if words else None
    model = " ".join(words[1:])[:MAX_NAME_PART] or None
    return make, model, year
