"""A dialog lives in one message: edited in place after a tap; after typed text, sent anew
below what the person typed, with the buttons taken off the previous one (no stale screens)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import NavCallback, PickCallback
from bot.i18n import L10n

SCREEN_KEY = "_screen_message_id"
# Text kept on top of every screen of one dialog until it ends: {"group": "PricingSG", "text"}.
PIN_KEY = "_pinned"

Event = Message | CallbackQuery


async def show(
    event: Event,
    state: FSMContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    pinned: bool = True,
) -> None:
    data = await state.get_data()
    if pinned:
        text = await _with_pin(state, data, text)
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        await event.answer()
        try:
            await event.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as error:
            if "not modified" not in str(error):
                raise
        await state.update_data({SCREEN_KEY: event.message.message_id})
        return
    message = event.message if isinstance(event, CallbackQuery) else event
    assert isinstance(message, Message)
    previous = data.get(SCREEN_KEY)
    sent = await message.answer(text, reply_markup=markup)
    if previous and previous != sent.message_id:
        await _strip_buttons(message, previous)
    await state.update_data({SCREEN_KEY: sent.message_id})


async def close(event: Event, state: FSMContext, text: str) -> None:
    """End the dialog: the last screen says how it ended and keeps no buttons (nor what was
    pinned for the work it ends)."""
    await show(event, state, text, None, pinned=False)
    await state.clear()


async def pin(state: FSMContext, group: type[StatesGroup], text: str | None) -> None:
    """Keep `text` on top of every screen of the dialog `group` until it ends; None: nothing.
    Tied to the group, so another flow started over it (a send-back) does not show it."""
    value = {"group": group.__full_group_name__, "text": text} if text else None
    await state.update_data({PIN_KEY: value})


async def _with_pin(state: FSMContext, data: dict[str, Any], text: str) -> str:
    pinned = data.get(PIN_KEY)
    if not pinned:
        return text
    current = await state.get_state() or ""
    if not current.startswith(f"{pinned['group']}:"):
        return text
    return f"{pinned['text']}\n\n{text}"


async def strip_screen(message: Message, state: FSMContext) -> None:
    """Take the buttons off the screen of a hand-built dialog in progress (another dialog
    starts over it)."""
    screen = (await state.get_data()).get(SCREEN_KEY)
    if screen:
        await _strip_buttons(message, screen)


async def _strip_buttons(message: Message, message_id: int) -> None:
    # Already gone or unchanged: nothing to strip.
    with suppress(TelegramBadRequest):
        await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
            chat_id=message.chat.id, message_id=message_id, reply_markup=None
        )


def nav_row(l10n: L10n, *, back: bool = True, cancel: bool = True) -> list[InlineKeyboardButton]:
    row = []
    if back:
        row.append(
            InlineKeyboardButton(
                text=l10n.raw("dialog-btn-back"), callback_data=NavCallback(action="back").pack()
            )
        )
    if cancel:
        row.append(
            InlineKeyboardButton(
                text=l10n.raw("dialog-btn-cancel"),
                callback_data=NavCallback(action="cancel").pack(),
            )
        )
    return row


def pick_button(text: str, field: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=PickCallback(field=field, value=value).pack()
    )


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])
