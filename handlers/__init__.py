"""All routers, in the order updates try them: specific first, catch-alls last."""

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import Translator
from bot.keyboards.menus import MENU
from dialogs import build_aiogram_dialogs, build_dialog_routers
from dialogs.kit import expired as dialog_expired
from dialogs.search import entry as search_entry
from handlers import (
    common,
    delivery_answers,
    director,
    fallback,
    invites,
    overdue,
    pending,
    start,
    sync,
    text_input,
)
from handlers.orders import card, guard, lists, reassign, tasks


class DialogMessage(Filter):
    """A message a dialog may take: one sent mid-dialog (a state is set), or a menu label (two
    dialogs start from the menu). Any other text passes the dialog routers with this one check
    instead of trying each of their steps' states."""

    def __init__(self) -> None:
        self._labels: frozenset[str] | None = None

    async def __call__(
        self, message: Message, translator: Translator, raw_state: str | None = None
    ) -> bool:
        if raw_state is not None:
            return True
        if self._labels is None:
            self._labels = frozenset(
                label for item in MENU for label in translator.variants(item.key)
            )
        return message.text in self._labels


def _dialogs() -> Router:
    router = Router(name="dialogs")
    router.message.filter(DialogMessage())
    router.include_routers(*build_dialog_routers())
    return router


def build_root_router() -> Router:
    root = Router(name="root")
    root.message.outer_middleware(text_input.CleanTextMiddleware())
    root.include_routers(
        start.setup(),
        common.setup(),
        invites.setup(),
        # Menu buttons before dialogs: a tap on the menu always works, even mid-dialog.
        pending.setup(),
        lists.setup(),
        search_entry(),
        guard.setup(),
        card.setup(),
        tasks.setup(),
        reassign.setup(),
        sync.setup(),
        overdue.setup(),
        delivery_answers.setup(),
        director.setup(),
        _dialogs(),
        *build_aiogram_dialogs(),
        dialog_expired.setup(),
        fallback.setup(),
    )
    return root
