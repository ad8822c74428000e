"""Fast path for the common Russian phone shapes, without calling `phonenumbers`.

`phonenumbers.parse` costs ~23 µs, too slow for a 500,000-row import where nearly every
number is a plain Russian one. This path handles only digit strings with light punctuation and
only numbers of the RU region, and validates them against the very patterns `phonenumbers`
uses (read from its metadata at import), so it can never accept what `phonenumbers` rejects.
Everything it is unsure of returns None and goes the slow way; a hypothesis test compares both.
"""

from __future__ import annotations

import re

from phonenumbers import PhoneMetadata

# Punctuation people put between digit groups; `phonenumbers` ignores all of it too (not tabs:
# it refuses those, and the agreement test caught it).
_DROP = str.maketrans("", "", " -().\u00a0")
_MAX_RAW = 40


def _ru_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(leading digits that select RU over KZ, general pattern, union of number-type patterns).

    Mirrors `phonenumberutil._number_type_helper`: a number is valid when it matches the
    general description and at least one type description whose lengths allow 10 digits.
    """
    meta = PhoneMetadata.metadata_for_region("RU")
    if meta is None or meta.general_desc is None or meta.leading_digits is None:
        raise RuntimeError("phonenumbers has no RU metadata")
    descs = [
        meta.premium_rate,
        meta.toll_free,
        meta.shared_cost,
        meta.voip,
        meta.personal_number,
        meta.pager,
        meta.uan,
        meta.voicemail,
        meta.fixed_line,
        meta.mobile,
    ]
    types = [
        f"(?:{d.national_number_pattern})"
        for d in descs
        if d is not None
        and d.national_number_pattern
        and (not d.possible_length or 10 in d.possible_length)
    ]
    general = meta.general_desc
    if general.possible_length and 10 not in general.possible_length:
        raise RuntimeError("RU numbers are no longer 10 digits")
    return (
        re.compile(meta.leading_digits),
        re.compile(general.national_number_pattern or ""),
        re.compile("|".join(types)),
    )


_RU_LEADING, _RU_GENERAL, _RU_TYPES = _ru_patterns()


def fast_ru_e164(raw: str) -> str | None:
    """E.164 for a plain Russian number ("8 (916) 123-45-67", "+7 916 1234567", "9161234567"),
    or None when this path cannot decide (then ask `phonenumbers`)."""
    if len(raw) > _MAX_RAW:
        return None
    s = raw.strip()
    plus = s.startswith("+")
    digits = (s[1:] if plus else s).translate(_DROP)
    if not (digits.isascii() and digits.isdigit()):
        return None
    n = len(digits)
    if plus:
        # "+7" and ten digits; "+8 …" is an invalid country code, let phonenumbers say so.
        if n != 11 or digits[0] != "7":
            return None
        national = digits[1:]
    elif n == 11 and digits[0] in "78":
        # Trunk prefix 8 or country code 7 typed without "+"; phonenumbers strips either
        # when the rest is a viable ten-digit number, which the checks below require.
        national = digits[1:]
    elif n == 10:
        national = digits
    else:
        return None
    # Numbers starting with 7 belong to Kazakhstan (same country code); leave them to the slow path.
    if not _RU_LEADING.match(national):
        return None
    if not _RU_GENERAL.fullmatch(national) or not _RU_TYPES.fullmatch(national):
        return None
    return "+7" + national
