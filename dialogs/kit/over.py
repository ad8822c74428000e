"""A dialog opened over the one in progress (a stage's work, its send-back or cancel prompt,
the search, a delivery's new date), which waits below and comes back when it ends.

At most one dialog waits below, and never one about the same order: what was opened over it
before goes, and a dialog of the same order (an approval under its own cancel) would come back
for an order that has moved on."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.entities import Context


async def open_alone(
    manager: DialogManager, state: FSMContext, first: State, data: Any = None
) -> None:
    """Open the dialog on a fresh stack in a new message, so no older dialog waits below it for
    the next typed text (the new order, the director's screens)."""
    await state.clear()
    await manager.start(first, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def open_over(
    manager: DialogManager, first: State, data: dict[str, Any] | None = None
) -> None:
    """A dialog open already waits below and is back once this one ends (kit/close.py draws it
    again), with what was typed in it. The same dialog opened again starts anew."""
    if manager.has_context():
        await _take_buttons_off(manager)
    order_id = (data or {}).get("order_id")
    while manager.has_context() and (
        below(manager) or _replaced(manager.current_context(), first, order_id)
    ):
        await manager.done(show_mode=ShowMode.NO_UPDATE)
    await manager.start(first, data=data, mode=StartMode.NORMAL, show_mode=ShowMode.SEND)


def below(manager: DialogManager) -> bool:
    """Whether the open dialog has another waiting below it."""
    return len(manager.current_stack().intents) > 1


async def back_below(manager: DialogManager) -> None:
    """After the question ended: the dialog it was asked over, if any, is drawn again below, so
    the person sees what his next text answers (aiogram-dialog would bring it back unseen)."""
    if manager.has_context():
        manager.show_mode = ShowMode.SEND
        await manager.show()


def _replaced(context: Context, first: State, order_id: object) -> bool:
    if context.state.group is first.group:
        return True
    start = context.start_data
    return order_id is not None and isinstance(start, dict) and start.get("order_id") == order_id


async def _take_buttons_off(manager: DialogManager) -> None:
    """The open dialog's screen loses its buttons: a tap there, while another dialog is on top
    (or after it ended), could only be told the dialog is gone. One that waits below is drawn
    again, with them, when it is back."""
    message_id = manager.current_stack().last_message_id
    if message_id is None:
        return
    deps = manager.middleware_data
    with suppress(TelegramBadRequest):  # already without buttons, or gone
        await deps["bot"].edit_message_reply_markup(
            chat_id=deps["event_chat"].id, message_id=message_id, reply_markup=None
        )
