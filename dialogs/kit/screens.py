"""How aiogram-dialog shows a screen, with one house rule on top of its own."""

from __future__ import annotations

from aiogram import Bot
from aiogram_dialog import ShowMode
from aiogram_dialog.api.entities import NewMessage, OldMessage, UnknownText
from aiogram_dialog.manager.message_manager import MessageManager


class ScreenMessages(MessageManager):
    """A dialog opened with ShowMode.SEND from a tap (on an order card, a notification) opens
    in a new message below it, and that message keeps its buttons: it is not the dialog's.

    aiogram-dialog would take the buttons off the tapped message. The message a dialog drew
    itself comes from its stack, with its text unknown; the tapped one carries its text.

    A screen sent anew after typed text takes the buttons off the previous one after it is
    sent, not before."""

    async def show_message(
        self, bot: Bot, new_message: NewMessage, old_message: OldMessage | None
    ) -> OldMessage:
        tapped = old_message is not None and old_message.text is not UnknownText.UNKNOWN
        if new_message.show_mode is ShowMode.SEND and tapped:
            old_message = None
        if (
            new_message.show_mode is ShowMode.SEND
            and old_message is not None
            and not self.had_reply_keyboard(old_message)
        ):
            # The next screen first, then the buttons off the previous one: the answer to
            # what was typed comes at once.
            shown = await super().show_message(bot, new_message, None)
            await self.remove_inline_kbd(bot, old_message)
            return shown
        return await super().show_message(bot, new_message, old_message)
