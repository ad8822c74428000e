"""«🚚 Поставки»: parts on order and not yet (fully) in, grouped by order, with a way to open it."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from aiogram import Router
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import OrderCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from bot.render.orders import quantity_text
from bot.settings import Settings
from services.clock import Clock
from services.normalize import format_date
from services.orders import OrderQueries, Shortage
from services.staff.roles import Role

MAX_LINES = 40  # a message stays far below Telegram's 4096 characters
MAX_BUTTONS = 20


async def show_deliveries(
    message: Message, queries: OrderQueries, l10n: L10n, settings: Settings, clock: Clock
) -> None:
    shortages = await queries.shortages()
    if not shortages:
        await message.answer(l10n("deliveries-empty"))
        return
    today = clock().astimezone(settings.shop.tz).date()
    text, markup = render(l10n, shortages, today)
    await message.answer(text, reply_markup=markup)


def render(l10n: L10n, shortages: list[Shortage], today: date) -> tuple[str, InlineKeyboardMarkup]:
    # Grouped by order, the orders in the order of their earliest expected part.
    first_seen: dict[int, int] = {}
    for n, item in enumerate(shortages):
        first_seen.setdefault(item.order_id, n)
    ordered = sorted(shortages, key=lambda s: first_seen[s.order_id])
    lines = [l10n("deliveries-title", count=len(shortages))]
    lines += [_line(l10n, item, today) for item in ordered[:MAX_LINES]]
    if len(ordered) > MAX_LINES:
        lines.append(l10n("deliveries-more", count=len(ordered) - MAX_LINES))
    rows = []
    for order_id, _items in groupby(ordered, key=lambda s: s.order_id):
        # «Открыть» is not a stage action, so it needs no stage to be checked against.
        data = OrderCallback(action="open", order_id=order_id)
        label = l10n.raw("deliveries-btn-open", order_id=order_id)
        rows.append([InlineKeyboardButton(text=label, callback_data=data.pack())])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows[:MAX_BUTTONS])


def _line(l10n: L10n, item: Shortage, today: date) -> str:
    part = item.part
    expected = part.expected_date
    if expected is None:
        when = l10n.raw("deliveries-no-date")
    elif expected < today:
        when = l10n.raw("deliveries-late", date=format_date(expected, l10n.locale))
    else:
        when = l10n.raw("deliveries-wait", date=format_date(expected, l10n.locale))
    return l10n(
        "deliveries-line",
        order_id=item.order_id,
        part=part.name,
        got=quantity_text(part.received_quantity),
        of=quantity_text(part.quantity),
        vendor=part.vendor or "—",
        number=part.vendor_order_no or "—",
        when=when,
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(show_deliveries, MenuButton("menu-deliveries"), HasRole(Role.SUPPLIER))
    return router
