"""Callback data of the director's screens (each well inside Telegram's 64 bytes)."""

from aiogram.filters.callback_data import CallbackData


class ReportCallback(CallbackData, prefix="rp"):
    """period (show) · custom (ask dates) · xlsx · csv; dates as YYYYMMDD"""

    action: str
    kind: str = ""
    first: str = ""
    last: str = ""


class StaffCallback(CallbackData, prefix="sf"):
    """list · open · role · deact · deact_ok · b24 · b24set · b24type"""

    action: str
    employee_id: int = 0
    value: str = ""


class JournalCallback(CallbackData, prefix="jr"):
    """show · people · person · order · dates · csv; the filter travels with every button"""

    action: str
    actor: int = 0
    order: int = 0
    since: str = ""
    until: str = ""
    offset: int = 0


class PhoneCallback(CallbackData, prefix="ph"):
    """show · toggle (role)"""

    action: str
    role: str = ""


DIRECTOR_PREFIXES = ("rp:", "sf:", "jr:", "ph:")
