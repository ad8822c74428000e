"""Phone numbers to E.164: user input in dialogs and dealer exports in bulk."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from services.normalize.errors import InvalidPhone
from services.normalize.phone_fast import fast_ru_e164

_MAX_RAW = 100

# Extension markers people use: "доб. 12", "добавочный 12", "вн. 12", "ext 12", "x12", "#12",
# also in brackets as dealer exports write them: "(доб. 12)", "(ext. 12)".
_MARK = r"(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext(?:ension)?|x|#)\.?\s*:?\s*(\d{1,7})\s*"
# Brackets only in pairs: a stray one is no extension's, and the number is refused.
_EXTENSION = re.compile(
    rf"[\s,;]*(?:\(\s*{_MARK}\)|\[\s*{_MARK}\]|{_MARK})\s*$",
    re.IGNORECASE,
)
# Labels in front of the number ("тел.: 8916…", "моб 8916…") carry no digits and are dropped.
_LABEL = re.compile(
    r"^\s*(?:тел(?:ефон)?|моб(?:ильный)?|сот(?:овый)?|раб(?:очий)?|дом(?:ашний)?|"
    r"т|м|tel|phone|mob(?:ile)?|cell)\s*[.:]?\s*:?\s*",
    re.IGNORECASE,
)
# Excel turns 79161234567 into "7.91612E+10": the lost digits cannot be recovered.
_EXCEL = re.compile(r"^\s*\+?\d+(?:[.,]\d+)?[eE][+]?\d+\s*$")
# An integer cell read as float by a spreadsheet library: "79161234567.0".
_FLOAT_TAIL = re.compile(r"^(\+?\d{10,15})\.0+$")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class ParsedPhone:
    e164: str
    extension: str | None = None


def looks_like_excel_scientific(raw: str) -> bool:
    """True for "7.91612E+10" and the like: a number Excel showed in scientific notation."""
    return bool(_EXCEL.match(raw))


def parse_phone(raw: str, region: str = "RU") -> ParsedPhone:
    """E.164 plus the extension, if any. Raises `InvalidPhone`."""
    if not raw or not raw.strip():
        raise InvalidPhone("empty")
    if len(raw) > _MAX_RAW:
        raise InvalidPhone("too_long")
    main = raw.strip()
    fast = fast_ru_e164(main) if region == "RU" else None
    if fast is not None:
        return ParsedPhone(fast)
    if looks_like_excel_scientific(main):
        raise InvalidPhone("excel")
    extension: str | None = None
    ext = _EXTENSION.search(main)
    if ext is not None and not main[: ext.start()].rstrip().endswith(("(", "[")):
        extension = next(g for g in ext.groups() if g)
        main = main[: ext.start()]
    # Tabs and line breaks from spreadsheet cells: phonenumbers refuses them, we do not.
    main = " ".join(_LABEL.sub("", main, count=1).split())
    float_tail = _FLOAT_TAIL.match(main)
    if float_tail is not None:
        main = float_tail.group(1)
    if not main:
        raise InvalidPhone("empty")
    if region == "RU":
        fast = fast_ru_e164(main)
        if fast is not None:
            return ParsedPhone(fast, extension)
    slow = slow_parse(main, region)
    return ParsedPhone(slow.e164, extension or slow.extension)


def normalize_phone(raw: str, region: str = "RU") -> str:
    """E.164 of "8 (916) 123-45-67" is "+79161234567". Raises `InvalidPhone`."""
    # The importer calls this per row: skip building a ParsedPhone for the common case.
    fast = fast_ru_e164(raw) if region == "RU" else None
    return fast if fast is not None else parse_phone(raw, region).e164


def slow_parse(main: str, region: str = "RU") -> ParsedPhone:
    """The reference path through `phonenumbers` (the fast path must agree with it).

    The extension is whatever `phonenumbers` found that `_EXTENSION` did not. Letters are
    refused: phonenumbers would read "8 916 ABC 45 67" as a keypad vanity number, which in a
    name field or a typo is never what was meant.
    """
    if _LETTER.search(main):
        raise InvalidPhone("letters")
    try:
        number = phonenumbers.parse(main, region)
    except NumberParseException as exc:
        raise InvalidPhone(_PARSE_REASONS.get(exc.error_type, "invalid")) from None
    if phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        return ParsedPhone(e164, number.extension or None)
    possible = phonenumbers.is_possible_number_with_reason(number)
    raise InvalidPhone(_LENGTH_REASONS.get(possible, "invalid"))


_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "country",
    NumberParseException.NOT_A_NUMBER: "invalid",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too_short",
    NumberParseException.TOO_SHORT_NSN: "too_short",
    NumberParseException.TOO_LONG: "too_long",
}
_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "too_short",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "too_short",
    ValidationResult.TOO_LONG: "too_long",
    ValidationResult.INVALID_COUNTRY_CODE: "country",
}
