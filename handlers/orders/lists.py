"""Order and task lists behind the reply keyboard, paged in one edited message.

Which list is shown travels in the page buttons (`PageCallback`: its kind, the stage or car it
is of, the offset); the last search's words stay in the dialog data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ListKind, OrderAction, OrderCallback, PageCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.middlewares.reads import READS_ONLY
from bot.render.formatting import format_local_datetime
from bot.render.orders import car_label, stage_label
from bot.render.pager import pager_row
from bot.settings import Settings
from services.audit.refusals import refuse_access
from services.clock import Clock
from services.orders import OrderQueries, Page, Stage
from services.orders.views import OrderRow, TaskRow
from services.reports.period import Period, PeriodKind, current_period, previous_month
from services.staff.roles import CLOSED_VIEWERS, Role
from services.storage.models import Employee

PAGE_SIZE = 8
SEARCH_KEY = "search_query"

# Reply-keyboard button → the list it opens (stage lists open the stage's work in one tap).
STAGE_MENUS: dict[str, tuple[Stage, Role]] = {
    "menu-parts-pricing": (Stage.PARTS_PRICING, Role.SUPPLIER),
    "menu-purchases": (Stage.PARTS_PURCHASE, Role.SUPPLIER),
    "menu-labour-pricing": (Stage.LABOUR_PRICING, Role.HEAD),
    "menu-receiving": (Stage.AWAITING_DELIVERY, Role.STOREKEEPER),
}

# The head's and the director's 📋 Заказы: the open orders, or those closed (done or cancelled)
# in a period, switched by the buttons under the list. Kind → (title, button label, period).
CLOSED_LISTS: dict[ListKind, tuple[str, str, Callable[[datetime, ZoneInfo], Period]]] = {
    ListKind.CLOSED_WEEK: (
        "list-closed-week",
        "list-period-week",
        lambda now, tz: current_period(PeriodKind.WEEK, now, tz),
    ),
    ListKind.CLOSED_MONTH: (
        "list-closed-month",
        "list-period-month",
        lambda now, tz: current_period(PeriodKind.MONTH, now, tz),
    ),
    ListKind.CLOSED_PREV: ("list-closed-prev", "list-period-prev", previous_month),
}


async def load_page(
    queries: OrderQueries,
    employee: Employee,
    shown: PageCallback,
    search_query: str | None = None,
    *,
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
) -> Page[OrderRow] | Page[TaskRow]:
    """`now` and `tz` place the period of a closed-orders list."""
    kind, offset = shown.kind, shown.offset
    if kind is ListKind.TASKS:
        return await queries.my_tasks(employee, limit=PAGE_SIZE, offset=offset)
    if kind in (ListKind.MINE, ListKind.OPEN):
        return await queries.my_orders(employee, limit=PAGE_SIZE, offset=offset)
    if kind is ListKind.STAGE:
        return await queries.orders_in_stage(shown.of, limit=PAGE_SIZE, offset=offset)
    if kind is ListKind.CAR:
        return await queries.car_history(int(shown.of), limit=PAGE_SIZE, offset=offset)
    if kind is ListKind.SEARCH and search_query:
        return await queries.search(search_query, limit=PAGE_SIZE, offset=offset)
    if kind in CLOSED_LISTS and now is not None and tz is not None:
        period = CLOSED_LISTS[kind][2](now, tz)
        return await queries.closed_orders(period.start, period.end, limit=PAGE_SIZE, offset=offset)
    return Page([], 0, PAGE_SIZE, offset)


def render_page(
    l10n: L10n, shown: PageCallback, page: Page[OrderRow] | Page[TaskRow], settings: Settings
) -> tuple[str, InlineKeyboardMarkup | None]:
    title = _title(l10n, shown)
    filters = _filter_rows(l10n, shown.kind)
    if not page.items:
        markup = InlineKeyboardMarkup(inline_keyboard=filters) if filters else None
        return l10n("list-empty", title=title), markup
    rows: list[list[InlineKeyboardButton]] = []
    for item in page.items:
        if isinstance(item, TaskRow):
            when = format_local_datetime(item.task.deadline, settings.shop.tz, l10n.locale)
            label = f"№ {item.order.id} · {stage_label(l10n, item.task.stage)} · {when}"
            # A task opens straight into its stage's work.
            data = OrderCallback(
                action=OrderAction.ACT, order_id=item.order.id, stage=item.order.stage
            )
            if item.task.overdue:
                label = "⚠️ " + label
        else:
            label = (
                f"№ {item.order.id} · {car_label(item.car)} · {stage_label(l10n, item.order.stage)}"
            )
            action = OrderAction.ACT if shown.kind is ListKind.STAGE else OrderAction.OPEN
            data = OrderCallback(action=action, order_id=item.order.id, stage=item.order.stage)
        rows.append([InlineKeyboardButton(text=label[:64], callback_data=data.pack())])
    nav = pager_row(
        page.offset,
        len(page.items),
        page.total,
        PAGE_SIZE,
        lambda offset: PageCallback(kind=shown.kind, of=shown.of, offset=offset).pack(),
    )
    if nav:
        rows.append(nav)
    rows += filters
    shown_to = page.offset + len(page.items)
    text = l10n("list-title", title=title, start=page.offset + 1, end=shown_to, total=page.total)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _filter_rows(l10n: L10n, kind: ListKind) -> list[list[InlineKeyboardButton]]:
    """Under the open orders: «Открытые / Закрытые»; under closed ones, the period too. One tap
    each, the list edited in place like a page turn."""
    if kind is not ListKind.OPEN and kind not in CLOSED_LISTS:
        return []

    def button(label_key: str, target: ListKind, chosen: bool) -> InlineKeyboardButton:
        label = l10n.raw(label_key)
        if chosen:
            label = l10n.raw("list-filter-chosen", label=label)
        return InlineKeyboardButton(text=label, callback_data=PageCallback(kind=target).pack())

    closed = kind in CLOSED_LISTS
    rows = [
        [
            button("list-filter-open", ListKind.OPEN, not closed),
            button("list-filter-closed", kind if closed else ListKind.CLOSED_WEEK, closed),
        ]
    ]
    if closed:
        rows.append(
            [button(label, other, other == kind) for other, (_, label, _) in CLOSED_LISTS.items()]
        )
    return rows


LIST_TITLES = {
    ListKind.TASKS: "list-tasks",
    ListKind.MINE: "list-mine",
    ListKind.OPEN: "list-open",
    ListKind.SEARCH: "list-search",
    ListKind.CAR: "list-car",
    **{kind: title for kind, (title, _, _) in CLOSED_LISTS.items()},
}


def known_list(shown: PageCallback) -> bool:
    """A list this bot draws; anything else came from a forged or mangled button."""
    if shown.kind is ListKind.STAGE:
        return shown.of in Stage.__members__.values()
    if shown.kind is ListKind.CAR:
        number = shown.of
        return number.isascii() and number.isdigit() and int(number) < 2**31
    return not shown.of


def _title(l10n: L10n, shown: PageCallback) -> str:
    if shown.kind is ListKind.STAGE:
        return stage_label(l10n, shown.of)
    return l10n.raw(LIST_TITLES[shown.kind])


async def send_order_list(
    bot: Bot,
    employee: Employee,
    l10n: L10n,
    queries: OrderQueries,
    settings: Settings,
    *,
    shown: PageCallback,
    search_query: str | None = None,
) -> None:
    page = await load_page(queries, employee, shown, search_query)
    text, markup = render_page(l10n, shown, page, settings)
    await bot.send_message(employee.telegram_id, text, reply_markup=markup)


def _menu_handler(kind: ListKind, of: str = ""):  # type: ignore[no-untyped-def]
    shown = PageCallback(kind=kind, of=of)

    async def handler(
        message: Message,
        bot: Bot,
        employee: Employee,
        l10n: L10n,
        queries: OrderQueries,
        settings: Settings,
    ) -> None:
        await send_order_list(bot, employee, l10n, queries, settings, shown=shown)

    return handler


async def refuse_closed_list(
    query: CallbackQuery, employee: Employee, session: AsyncSession, l10n: L10n
) -> None:
    await refuse_access(session, employee, "orders.closed")
    await query.answer(l10n.raw("error-forbidden"), show_alert=True)


async def turn_page(
    query: CallbackQuery,
    callback_data: PageCallback,
    employee: Employee,
    l10n: L10n,
    queries: OrderQueries,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
) -> None:
    if not known_list(callback_data):
        await query.answer(l10n.raw("dialog-expired"), show_alert=True)
        return
    search_query = (await state.get_data()).get(SEARCH_KEY)
    page = await load_page(
        queries,
        employee,
        callback_data,
        search_query,
        now=clock(),
        tz=settings.shop.tz,
    )
    text, markup = render_page(l10n, callback_data, page, settings)
    await query.answer()
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as error:
            if "not modified" not in str(error):
                raise


def setup() -> Router:
    router = Router(name=__name__)
    everyone = HasRole(Role.MASTER, Role.SUPPLIER, Role.HEAD, Role.STOREKEEPER)
    router.message.register(
        _menu_handler(ListKind.TASKS), MenuButton("menu-my-tasks"), everyone, flags=READS_ONLY
    )
    router.message.register(
        _menu_handler(ListKind.MINE),
        MenuButton("menu-my-orders"),
        HasRole(Role.MASTER),
        flags=READS_ONLY,
    )
    router.message.register(
        _menu_handler(ListKind.OPEN),
        MenuButton("menu-orders"),
        HasRole(Role.HEAD),
        flags=READS_ONLY,
    )
    for key, (stage, role) in STAGE_MENUS.items():
        router.message.register(
            _menu_handler(ListKind.STAGE, stage.value),
            MenuButton(key),
            HasRole(role),
            flags=READS_ONLY,
        )
    # Before the pager: the refusal writes to the journal, the pager only reads.
    # A closed-orders page asked for by someone without the role: only a forged button can.
    router.callback_query.register(
        refuse_closed_list, PageCallback.filter(F.kind.in_(CLOSED_LISTS)), ~HasRole(*CLOSED_VIEWERS)
    )
    router.callback_query.register(turn_page, PageCallback.filter(), flags=READS_ONLY)
    return router
