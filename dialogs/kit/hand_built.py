"""What a dialog starting over a hand-built one (plain FSM states) does to its screen."""

from __future__ import annotations

from contextlib import suppress

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

# FSM data key of the message a hand-built dialog draws its screens in. The card's send-back
# and cancel prompt wrote it until it moved to aiogram-dialog (dialogs/move_reason); a hand-built
# dialog that keeps one screen message names it here for the next dialog to tidy.
SCREEN_KEY = "_screen_message_id"


async def strip_screen(message: Message, state: FSMContext) -> None:
    """Take the buttons off the screen of a hand-built dialog in progress (another dialog
    starts over it)."""
    screen = (await state.get_data()).get(SCREEN_KEY)
    if not screen:
        return
    # Already gone or unchanged: nothing to strip.
    with suppress(TelegramBadRequest):
        await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
            chat_id=message.chat.id, message_id=screen, reply_markup=None
        )
