"""Russian registration plates (GOST R 50577): stored as "А123ВС77", Cyrillic, no spaces.

`format_plate` shows the stored form unchanged: ux.md writes a car as "BMW X5 · А123ВС77", and
one spelling everywhere keeps search by plate simple.
"""

from __future__ import annotations

import re

from services.normalize.errors import InvalidPlate

# Only these 12 Cyrillic letters are used on plates: exactly those with a Latin twin.
PLATE_LETTERS = "АВЕКМНОРСТУХ"
_LATIN_TO_CYRILLIC = str.maketrans("ABEKMHOPCTYX", PLATE_LETTERS)
_DROP = str.maketrans("", "", " \t\u00a0-_.|\u2010\u2011\u2012\u2013\u2014\u2212")
# The flag-side "RUS" some people copy from the plate itself.
_COUNTRY_SUFFIX = re.compile(r"(?:RUS|RU|РУС)$")

_L = f"[{PLATE_LETTERS}]"
_D3 = r"(?!000)\d{3}"
_D4 = r"(?!0000)\d{4}"
_REGION = r"(?:0[1-9]|[1-9]\d|[1-9]\d\d)"
_SHAPES = {
    "private": f"{_L}{_D3}{_L}{{2}}",  # А123ВС77, А123ВС777
    "taxi": f"{_L}{{2}}{_D3}",  # АВ12377: taxi and route buses (yellow)
    "trailer": f"{_L}{{2}}{_D4}",  # АВ123477
    "transit": f"{_L}{{2}}{_D3}{_L}",  # АВ123С77
    "motorcycle": f"{_D4}{_L}{{2}}",  # 1234АВ77: also tractors and military
    "police": f"{_L}{_D4}",  # А123477
    "police_moto": f"{_D4}{_L}",  # 1234А77
}
_PLATE = re.compile(f"(?:{'|'.join(_SHAPES.values())}){_REGION}")


def normalize_plate(raw: str) -> str:
    """Normalise "а 123 вс 77 rus" to "А123ВС77". Raises `InvalidPlate`."""
    plate = raw.translate(_DROP).upper()
    if not plate:
        raise InvalidPlate("empty")
    plate = _COUNTRY_SUFFIX.sub("", plate).translate(_LATIN_TO_CYRILLIC)
    if not _PLATE.fullmatch(plate):
        raise InvalidPlate("format")
    return plate


def format_plate(plate: str) -> str:
    """The stored form; a value that does not normalise is shown as it is, never an error."""
    try:
        return normalize_plate(plate)
    except InvalidPlate:
        return plate
