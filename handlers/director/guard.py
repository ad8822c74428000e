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
from dialogs.director_report.states import ReportSG
from handlers.director.callbacks import DIRECTOR_PREFIXES
from services.audit.refusals import refuse_access
from services.staff.roles import Role
from services.storage.models import Employee

COMMANDS = ("report", "staff", "audit", "settings")
# The director's aiogram-dialog dialogs, by the name their refusal is audited with.
DIALOGS: dict[type[StatesGroup], str] = {ReportSG: "report", JournalSG: "audit"}


class NotDirector(Filter):
    async def __call__(self, _event: object, roles: frozenset[str] = frozenset()) -> bool:
        return Role.DIRECTOR not in roles


class DirectorButton(Filter):
    """A button of the director's screens (a coroutine: `F.data.startswith` runs in a thread)."""

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(DIRECTOR_PREFIXES)


class DirectorDialogButton(Filter):
    """A button of a director's dialog (aiogram-dialog has loaded its context by the intent id
    in the button): a tap of someone who is no director since the dialog opened."""

    async def __call__(self, _query: CallbackQuery, aiogd_context: Context | None = None) -> bool:
        return aiogd_context is not None and aiogd_context.state.group in DIALOGS


async def refuse_command(
    message: Message, employee: Employee, session: AsyncSession, l10n: L10n
) -> None:
    name = (message.text or "").split()[0].lstrip("/")[:32]
    await refuse_access(session, employee, f"director.{name}")
    await message.answer(l10n("director-only"))


async def refuse_button(
    query: CallbackQuery, employee: Employee, session: AsyncSession, l10n: L10n
) -> None:
    prefix = (query.data or "").split(":")[0]
    await refuse_access(session, employee, f"director.{prefix}")
    await query.answer(l10n.raw("director-only"), show_alert=True)


async def refuse_dialog_button(
    query: CallbackQuery,
    aiogd_context: Context,
    employee: Employee,
    session: AsyncSession,
    l10n: L10n,
) -> None:
    await refuse_access(session, employee, f"director.{DIALOGS[aiogd_context.state.group]}")
    await query.answer(l10n.raw("director-only"), show_alert=True)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(refuse_command, Command(*COMMANDS), NotDirector())
    router.callback_query.register(refuse_button, NotDirector(), DirectorButton())
    router.callback_query.register(refuse_dialog_button, NotDirector(), DirectorDialogButton())
    return router
