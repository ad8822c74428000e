"""Callback data of the director's screens (each well inside Telegram's 64 bytes)."""

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import CompactDay, DbId, Offset


class ReportCallback(CallbackData, prefix="rp"):
    """period (show) · custom (ask dates) · xlsx · csv; dates as YYYYMMDD"""

    action: str
    kind: str = ""
    first: CompactDay = ""
    last: CompactDay = ""


class StaffCallback(CallbackData, prefix="sf"):
    """list (value: the page's offset) · open · role · deact · deact_ok · b24 · b24set · b24type"""

    action: str
    employee_id: DbId = 0
    value: str = ""


class JournalCallback(CallbackData, prefix="jr"):
    """show · people (the person picker; pp: its ◀️ ▶️, `offset` its page) · order · dates · csv;
    the filter travels with every button"""

    action: str
    actor: DbId = 0
    order: DbId = 0
    since: CompactDay = ""
    until: CompactDay = ""
    offset: Offset = 0


class PhoneCallback(CallbackData, prefix="ph"):
    """show · toggle (role)"""

    action: str
    role: str = ""


# The director's alone; the invite, sync and reassign buttons are his too.
DIRECTOR_PREFIXES = ("rp:", "sf:", "jr:", "ph:", "inv:", "sy:", "ra:", "t:reassign:")
