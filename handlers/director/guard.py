"""Everything of the director's seat is his alone: anyone else is refused, and it is audited.

The menu labels are refused by handlers/pending.py; this catches the commands and forged
buttons of these screens.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, Filter
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog.api.entities import Context
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from dialogs.director_journal.states import JournalSG
from dialogs.director_phones.states import PhonesSG
from dialogs.director_report.states import ReportSG
from dialogs.director_staff.states import StaffSG
from handlers.director.callbacks import DIRECTOR_PREFIXES
from services.audit.refusals import refuse_access
from services.staff.roles import Role
from services.storage.models import Employee

COMMANDS = ("report", "staff", "audit", "settings")
# The director's aiogram-dialog dialogs, each with the name its refusals are journalled under.
DIALOGS: dict[type[StatesGroup], str] = {
    ReportSG: "report",
    JournalSG: "audit",
    StaffSG: "sf",
    PhonesSG: "ph",
}


class NotDirector(Filter):
    async def __call__(self, _event: object, roles: frozenset[str] = frozenset()) -> bool:
        return Role.DIRECTOR not in roles


class DirectorButton(Filter):
    """A button of the director's screens (a coroutine: `F.data.startswith` runs in a thread)."""

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(DIRECTOR_PREFIXES)


class DirectorDialogButton(Filter):
    """A button of one of the director's dialogs open in this chat: his role was taken away
    while it was open. (Another person's forged dialog button names no dialog of theirs: it is
    a stale button, kit/stale.py.)"""

    async def __call__(self, _query: CallbackQuery, aiogd_context: Context | None = None) -> bool:
        return aiogd_context is not None and aiogd_context.state.group in DIALOGS


async def refuse_command(
    message: Message, employee: Employee, session: AsyncSession, l10n: L10n
) -> None:
    name = (message.text or "").split()[0].lstrip("/")[:32]
    await refuse_access(session, employee, f"director.{name}")
    await message.answer(l10n("director-only"))


async def refuse_button(
    query: CallbackQuery,
    employee: Employee,
    session: AsyncSession,
    l10n: L10n,
    aiogd_context: Context | None = None,
) -> None:
    await refuse_access(session, employee, f"director.{_button_name(query, aiogd_context)}")
    await query.answer(l10n.raw("director-only"), show_alert=True)


def _button_name(query: CallbackQuery, context: Context | None) -> str:
    if context is not None and context.state.group in DIALOGS:
        return DIALOGS[context.state.group]
    return (query.data or "").split(":")[0]


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(refuse_command, Command(*COMMANDS), NotDirector())
    router.callback_query.register(refuse_button, NotDirector(), DirectorButton())
    router.callback_query.register(refuse_button, NotDirector(), DirectorDialogButton())
    return router
