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
from handlers.orders.lists import SEARCH_KEY, load_page, render_page
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
) -> bool:
    """The result list's first page, paged by `PageCallback` like every other list (its words
    kept in the FSM data for the page turns); False, and nothing sent, when nothing is found."""
    shown = PageCallback(kind=ListKind.SEARCH)
    page = await load_page(queries, employee, shown, query)
    if page.total == 0:
        return False
    await state.update_data({SEARCH_KEY: query})
    text, markup = render_page(l10n, shown, page, settings)
    await bot.send_message(employee.telegram_id, text, reply_markup=markup)
    return True


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
    if not await found(bot, state, employee, l10n, queries, settings, query):
        await message.answer(
            l10n("search-nothing-menu", query=query), reply_markup=main_menu(l10n, roles)
        )
