"""Showing stored E.164 numbers: "+7 916 123-45-67", masked "+7 9•• •••-45-67" (ux.md)."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

_MASK = "•"


def format_phone(e164: str) -> str:
    """Russian grouping for +7, phonenumbers' INTERNATIONAL format otherwise.

    Display must not fail on a bad stored value, so anything unparseable comes back unchanged.
    """
    if len(e164) == 12 and e164.startswith("+7") and e164[1:].isdigit():
        n = e164[2:]
        return f"+7 {n[:3]} {n[3:6]}-{n[6:8]}-{n[8:]}"
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """Keeps the country code, the first digit after it and the last four; the rest is •."""
    shown = format_phone(e164)
    if not shown.startswith("+"):
        return _MASK * max(len(shown) - 4, 0) + shown[-4:]
    # INTERNATIONAL format and ours both put the country code alone before the first space.
    code_len = len(shown.split(" ", 1)[0]) - 1
    total = sum(c.isdigit() for c in shown)
    keep_head = code_len + 1
    out: list[str] = []
    seen = 0
    for c in shown:
        if c.isdigit():
            out.append(c if seen < keep_head or seen >= total - 4 else _MASK)
            seen += 1
        else:
            out.append(c)
    return "".join(out)
