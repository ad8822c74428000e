"""🔎 Поиск: by order number, any phone the client ever had, VIN (or its tail) or plate.

The asking is the dialog in dialogs/search; here is what it shares with a search typed outside
any dialog (handlers.fallback): the result list."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.callbacks import ListKind, PageCallback
from bot.i18n import L10n
from bot.keyboards.menus import main_menu
from bot.settings import Settings
from dialogs.search.limits import MAX_QUERY
from handlers.orders.lists import SEARCH_KEY, send_order_list
from services.orders import OrderQueries
from services.storage.models import Employee


async def found(
    bot: Bot,
    state: FSMContext,
    employee: Employee,
    l10n: L10n,
    queries: OrderQueries,
    settings: Settings,
    query: str,
) -> None:
    """The result list, paged by `PageCallback` like every other list; its words are kept in
    the FSM data for the page turns."""
    await state.update_data({SEARCH_KEY: query})
    shown = PageCallback(kind=ListKind.SEARCH)
    await send_order_list(bot, employee, l10n, queries, settings, shown=shown, search_query=query)


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
    """A search typed outside any dialog. It may be chat that merely looks like a search, so a
    miss answers like any text we did not understand (hint and menu), naming what was looked
    for."""
    query = (message.text or "").strip()[:MAX_QUERY]
    page = await queries.search(query, limit=1)
    if page.total == 0:
        await message.answer(
            l10n("search-nothing-menu", query=query), reply_markup=main_menu(l10n, roles)
        )
        return
    await found(bot, state, employee, l10n, queries, settings, query)
