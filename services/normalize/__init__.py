"""Pure normalisation of user and import input: phones, VINs, plates, money, dates, parts.

No I/O and no bot imports: used by dialogs, the bulk importer and property tests alike.
Every refusal is a `NormalizeError` (a `DomainError` keyed into `locales/*/validation.ftl`).
"""

from services.normalize.dates import format_date, format_datetime, parse_date, parse_time
from services.normalize.errors import (
    InvalidDate,
    InvalidMoney,
    InvalidPartsLine,
    InvalidPercent,
    InvalidPhone,
    InvalidPlate,
    InvalidQuantity,
    InvalidTime,
    InvalidVin,
    NormalizeError,
)
from services.normalize.money import (
    format_money,
    format_quantity,
    parse_money,
    parse_percent,
    parse_quantity,
)
from services.normalize.parts import PartLine, PartsParse, parse_parts_report, parse_parts_text
from services.normalize.phone import (
    ParsedPhone,
    looks_like_excel_scientific,
    normalize_phone,
    parse_phone,
)
from services.normalize.phone_format import format_phone, mask_phone
from services.normalize.phone_text import find_phones_in_text, split_phones
from services.normalize.plate import format_plate, normalize_plate
from services.normalize.vin import VinInfo, clean_vin, decode_vin, normalize_vin

__all__ = [
    "InvalidDate",
    "InvalidMoney",
    "InvalidPartsLine",
    "InvalidPercent",
    "InvalidPhone",
    "InvalidPlate",
    "InvalidQuantity",
    "InvalidTime",
    "InvalidVin",
    "NormalizeError",
    "ParsedPhone",
    "PartLine",
    "PartsParse",
    "VinInfo",
    "clean_vin",
    "decode_vin",
    "find_phones_in_text",
    "format_date",
    "format_datetime",
    "format_money",
    "format_phone",
    "format_plate",
    "format_quantity",
    "looks_like_excel_scientific",
    "mask_phone",
    "normalize_phone",
    "normalize_plate",
    "normalize_vin",
    "parse_date",
    "parse_money",
    "parse_parts_report",
    "parse_parts_text",
    "parse_percent",
    "parse_phone",
    "parse_quantity",
    "parse_time",
    "split_phones",
]
