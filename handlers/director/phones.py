"""/settings and «☎️ Кто видит телефоны»: which roles see client numbers in full."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from handlers.director.callbacks import PhoneAction, PhoneCallback
from services.clock import Clock
from services.staff.roles import ROLE_ORDER, Role
from services.staff.shop_settings import phone_visible_roles, toggle_phone_role
from services.storage.models import Employee

# The director always sees them; a forged toggle of his own role is refused like any other.
TOGGLED_ROLES = tuple(role for role in ROLE_ORDER if role is not Role.DIRECTOR)


def _keyboard(l10n: L10n, visible: frozenset[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=("✅ " if role in visible else "▫️ ") + l10n.raw(f"role-{role}"),
                callback_data=PhoneCallback(action=PhoneAction.TOGGLE, role=role.value).pack(),
            )
        ]
        for role in TOGGLED_ROLES
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def show(message: Message, session: AsyncSession, l10n: L10n) -> None:
    visible = await phone_visible_roles(session)
    await message.answer(l10n("phones-title"), reply_markup=_keyboard(l10n, visible))


async def show_again(query: CallbackQuery, session: AsyncSession, l10n: L10n) -> None:
    visible = await phone_visible_roles(session)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(l10n("phones-title"), reply_markup=_keyboard(l10n, visible))


async def toggle(
    query: CallbackQuery,
    callback_data: PhoneCallback,
    session: AsyncSession,
    l10n: L10n,
    employee: Employee,
    clock: Clock,
) -> None:
    visible = await toggle_phone_role(
        session, Role(callback_data.role), actor=employee, clock=clock
    )
    await query.answer(l10n.raw("phones-saved"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=_keyboard(l10n, visible))


async def refuse_forged(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n.raw("dialog-expired"), show_alert=True)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(show, Command("settings"))
    router.callback_query.register(show_again, PhoneCallback.filter(F.action == PhoneAction.SHOW))
    router.callback_query.register(
        toggle,
        PhoneCallback.filter((F.action == PhoneAction.TOGGLE) & F.role.in_(TOGGLED_ROLES)),
    )
    # A toggle of a role not on the screen (the director's own, a made-up one).
    router.callback_query.register(refuse_forged, PhoneCallback.filter())
    return router
