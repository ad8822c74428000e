"""All routers, in the order updates try them: specific first, catch-alls last."""

from aiogram import Router

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
        *build_dialog_routers(),
        *build_aiogram_dialogs(),
        dialog_expired.setup(),
        fallback.setup(),
    )
    return root
