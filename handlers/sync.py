"""The director's /sync screen: how much waits for Bitrix24, since when, what is parked; retry.

The screen only reads the outbox (through `services.crm.mirror.queue`); the relay does the sending.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.fields import DbId
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.settings import Settings
from handlers.sync_backlog import backlog_line
from handlers.sync_reconcile import reconcile_line
from services.clock import Clock
from services.crm.mirror import queue as mirror_queue
from services.crm.mirror.queue import QueueState, queue_state
from services.staff.roles import Role
from services.storage.models import Employee

_ENTITY_KEYS = {
    "client": "sync-entity-client",
    "car": "sync-entity-car",
    "order": "sync-entity-order",
    "stage_task": "sync-entity-task",
}


class SyncAction(StrEnum):
    RETRY = "retry"  # one parked message; 0 = all of them
    REFRESH = "refresh"


class SyncCallback(CallbackData, prefix="sy"):
    action: SyncAction
    message_id: DbId = 0


async def show(
    message: Message, session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock
) -> None:
    text, keyboard = await _screen(session, l10n, settings, clock)
    await message.answer(text, reply_markup=keyboard)


async def retry(
    query: CallbackQuery,
    callback_data: SyncCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    employee: Employee,
) -> None:
    target = callback_data.message_id or None
    count = await mirror_queue.retry(session, clock(), target, actor=employee)
    await query.answer(l10n.raw("sync-retried", count=count))
    await _redraw(query, session, l10n, settings, clock)


async def refresh(
    query: CallbackQuery, session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock
) -> None:
    await query.answer()
    await _redraw(query, session, l10n, settings, clock)


async def _redraw(
    query: CallbackQuery, session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock
) -> None:
    text, keyboard = await _screen(session, l10n, settings, clock)
    if isinstance(query.message, Message) and query.message.text != text:
        await query.message.edit_text(text, reply_markup=keyboard)


async def _screen(
    session: AsyncSession, l10n: L10n, settings: Settings, clock: Clock
) -> tuple[str, InlineKeyboardMarkup | None]:
    state = await queue_state(session, clock())
    backlog = await backlog_line(session, l10n, state.pending)
    lines = [l10n("sync-title")]
    if not settings.bitrix24.enabled:
        lines.append(l10n("sync-off"))
    lines.append(_queue_line(l10n, state))
    if backlog:
        lines.append(backlog)
    if state.parked:
        lines += ["", l10n("sync-parked-title", count=state.parked_total)]
        for item in state.parked:
            what = l10n.raw(
                _ENTITY_KEYS.get(item.entity_type, "sync-entity-other"), id=item.entity_id
            )
            lines.append(l10n("sync-parked-line", id=item.id, what=what, reason=item.reason[:200]))
    else:
        lines.append(l10n("sync-parked-none"))
    if settings.bitrix24.enabled:
        lines.append(await reconcile_line(session, l10n, settings.shop.tz))
    return "\n".join(lines), _keyboard(l10n, state)


def _queue_line(l10n: L10n, state: QueueState) -> str:
    if not state.pending:
        return l10n("sync-queue-empty")
    line = l10n("sync-queue", pending=state.pending, age=_age(l10n, state.oldest_pending_age))
    if state.pending_error:
        line += "\n" + l10n("sync-pending-error", reason=state.pending_error[:200])
    return line


def _age(l10n: L10n, age: timedelta | None) -> str:
    minutes = int((age or timedelta(0)).total_seconds() // 60)
    if minutes < 120:
        return l10n.raw("sync-age-minutes", minutes=minutes)
    return l10n.raw("sync-age-hours", hours=minutes // 60)


def _keyboard(l10n: L10n, state: QueueState) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=l10n.raw("sync-btn-retry", id=item.id),
                callback_data=SyncCallback(action=SyncAction.RETRY, message_id=item.id).pack(),
            )
        ]
        for item in state.parked
    ]
    if state.parked_total > 1:
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n.raw("sync-btn-retry-all", count=state.parked_total),
                    callback_data=SyncCallback(action=SyncAction.RETRY).pack(),
                )
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                text=l10n.raw("sync-btn-refresh"),
                callback_data=SyncCallback(action=SyncAction.REFRESH).pack(),
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.DIRECTOR))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.message.register(show, MenuButton("menu-sync"))
    router.message.register(show, Command("sync"))
    router.callback_query.register(retry, SyncCallback.filter(F.action == SyncAction.RETRY))
    router.callback_query.register(refresh, SyncCallback.filter(F.action == SyncAction.REFRESH))
    return router
