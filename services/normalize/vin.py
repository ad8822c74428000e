"""VIN: cleaning dealer-export junk and validating the 17-character form (ISO 3779)."""

from __future__ import annotations

import re

from services.normalize.errors import InvalidVin
from services.normalize.vin_decode import VinInfo, decode_vin

__all__ = ["VIN_LENGTH", "VinInfo", "clean_vin", "decode_vin", "normalize_vin"]

# Separators people and exports put inside a VIN; all dash-like characters count.
_DROP = str.maketrans("", "", " \t\u00a0-_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
# Cyrillic letters that look like Latin ones: a VIN typed on a Russian keyboard layout.
_CYRILLIC_TO_LATIN = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
# Placeholders found in dealer exports, compared after strip + lower-case.
_PLACEHOLDERS = frozenset(
    {
        "нет",
        "нету",
        "отс",
        "отсутствует",
        "неизвестно",
        "не указан",
        "не указано",
        "нет данных",
        "б/н",
        "n/a",
        "na",
        "none",
        "null",
        "no",
        "unknown",
        "без vin",
        "без вин",
    }
)
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_ALNUM = re.compile(r"[A-Z0-9]*")
VIN_LENGTH = 17


def clean_vin(raw: str) -> str | None:
    """Upper-cased VIN without separators, or None for a placeholder ("-", "нет", "000…").

    The result is not validated: see `normalize_vin`.
    """
    if raw.strip().lower() in _PLACEHOLDERS:
        return None
    vin = raw.translate(_DROP).upper().translate(_CYRILLIC_TO_LATIN)
    # Empty or one repeated character ("0", "00000000000000000", "XXXX", "?"): nothing known.
    if len(set(vin)) <= 1:
        return None
    return vin


def normalize_vin(raw: str) -> str:
    """Clean and validate: exactly 17 of [A-HJ-NPR-Z0-9]. Raises `InvalidVin`."""
    vin = clean_vin(raw)
    if vin is None:
        raise InvalidVin("placeholder")
    if len(vin) != VIN_LENGTH:
        raise InvalidVin("length")
    if _VIN.fullmatch(vin):
        return vin
    if _ALNUM.fullmatch(vin):
        # Only I, O or Q can be wrong here; they are banned as too like 1 and 0.
        raise InvalidVin("letters_ioq")
    raise InvalidVin("chars")
