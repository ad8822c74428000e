"""Callback data of the director's screens (each well inside Telegram's 64 bytes); each
screen's actions an enum, each action routed to its own handler."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import CompactDay, DbId, Offset
from services.reports.period import PeriodKind


class ReportAction(StrEnum):
    PERIOD = "period"  # show
    CUSTOM = "custom"  # ask for dates
    XLSX = "xlsx"
    CSV = "csv"


class ReportCallback(CallbackData, prefix="rp"):
    """Dates as YYYYMMDD."""

    action: ReportAction
    kind: PeriodKind | None = None
    first: CompactDay = ""
    last: CompactDay = ""


class JournalAction(StrEnum):
    SHOW = "show"
    PEOPLE = "people"  # the person picker
    PEOPLE_PAGE = "pp"  # its ◀️ ▶️, `offset` its page
    ORDER = "order"
    DATES = "dates"
    CSV = "csv"


class JournalCallback(CallbackData, prefix="jr"):
    """The filter travels with every button."""

    action: JournalAction
    actor: DbId = 0
    order: DbId = 0
    since: CompactDay = ""
    until: CompactDay = ""
    offset: Offset = 0


# The director's alone; the invite, sync and reassign buttons are his too.
DIRECTOR_PREFIXES = ("rp:", "jr:", "inv:", "sy:", "ra:", "t:reassign:")
