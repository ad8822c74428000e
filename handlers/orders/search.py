"""🔎 Поиск: by order number, any phone the client ever had, VIN (or its tail) or plate."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.callbacks import ListKind, PageCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.keyboards.menus import MENU_BY_KEY, main_menu
from bot.middlewares.reads import READS_ONLY
from bot.settings import Settings
from handlers.orders.lists import SEARCH_KEY, send_order_list
from services.orders import OrderQueries
from services.storage.models import Employee

MAX_QUERY = 64
# Whoever has the 🔎 Поиск button may also search by typing: one list, the menu's.
SEARCH_ROLES = tuple(sorted(MENU_BY_KEY["menu-search"].roles))


class SearchSG(StatesGroup):
    query = State()


async def ask_query(message: Message, state: FSMContext, l10n: L10n) -> None:
    await state.set_state(SearchSG.query)
    await message.answer(l10n("search-ask"))


async def run_search(
    message: Message,
    state: FSMContext,
    bot: Bot,
    employee: Employee,
    l10n: L10n,
    queries: OrderQueries,
    settings: Settings,
    roles: frozenset[str],
) -> None:
    """Both the 🔎 Поиск step and a search typed outside any dialog. A miss in the step keeps
    the step (the next message is another try); a typed one may be chat that merely looks like
    a search, so it answers like any text we did not understand (hint and menu), naming what was
    looked for."""
    query = (message.text or "").strip()[:MAX_QUERY]
    in_step = await state.get_state() == SearchSG.query.state
    page = await queries.search(query, limit=1)
    if page.total == 0:
        if in_step:
            await message.answer(l10n("search-nothing", query=query))
        else:
            await message.answer(
                l10n("search-nothing-menu", query=query), reply_markup=main_menu(l10n, roles)
            )
        return
    await state.set_state(None)
    await state.update_data({SEARCH_KEY: query})
    shown = PageCallback(kind=ListKind.SEARCH)
    await send_order_list(bot, employee, l10n, queries, settings, shown=shown, search_query=query)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(ask_query, MenuButton("menu-search"), HasRole(*SEARCH_ROLES))
    router.message.register(run_search, StateFilter(SearchSG.query), F.text, flags=READS_ONLY)
    return router
