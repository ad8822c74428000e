"""The order card and what hangs off it: the move history, the car's orders, the media."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.media_group import MediaGroupBuilder

from bot.callbacks import ListKind, OrderAction, OrderCallback, PageCallback
from bot.i18n import L10n
from bot.middlewares.reads import READS_ONLY
from bot.render.formatting import format_local_datetime
from bot.render.orders import card_keyboard, order_card_text, stage_label
from bot.settings import Settings
from handlers.orders.lists import send_order_list
from services.clock import Clock
from services.orders import OrderQueries
from services.storage.models import Employee

ALBUM_MAX = 10  # Telegram: 2-10 items an album


async def open_card(
    query: CallbackQuery,
    callback_data: OrderCallback,
    queries: OrderQueries,
    employee: Employee,
    roles: frozenset[str],
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    bot: Bot,
) -> None:
    card = await queries.order_card(callback_data.order_id, employee)
    text = order_card_text(l10n, card, settings.shop.tz, clock())
    await query.answer()
    await bot.send_message(
        employee.telegram_id, text, reply_markup=card_keyboard(l10n, card, roles)
    )


async def show_history(
    query: CallbackQuery,
    callback_data: OrderCallback,
    queries: OrderQueries,
    employee: Employee,
    l10n: L10n,
    settings: Settings,
    bot: Bot,
) -> None:
    moves = await queries.history(callback_data.order_id)
    lines = [l10n("history-title", order_id=callback_data.order_id)]
    for row in moves:
        move = row.transition
        lines.append(
            l10n(
                "history-line",
                when=format_local_datetime(move.at, settings.shop.tz, l10n.locale),
                source=stage_label(l10n, move.from_stage) if move.from_stage else "—",
                target=stage_label(l10n, move.to_stage),
                who=row.actor_name or "—",
            )
        )
        if move.reason:
            lines.append(l10n("history-reason", reason=move.reason))
    await query.answer()
    await bot.send_message(employee.telegram_id, "\n".join(lines))


async def show_car_history(
    query: CallbackQuery,
    callback_data: OrderCallback,
    queries: OrderQueries,
    employee: Employee,
    l10n: L10n,
    settings: Settings,
    bot: Bot,
) -> None:
    car_id = await queries.car_of(callback_data.order_id)
    await query.answer()
    shown = PageCallback(kind=ListKind.CAR, of=str(car_id))
    await send_order_list(bot, employee, l10n, queries, settings, shown=shown)


async def send_media(
    query: CallbackQuery,
    callback_data: OrderCallback,
    queries: OrderQueries,
    employee: Employee,
    l10n: L10n,
    bot: Bot,
) -> None:
    media = await queries.media(callback_data.order_id)
    await query.answer()
    visual = [m for m in media if m.kind in ("photo", "video")]
    for start in range(0, len(visual), ALBUM_MAX):
        chunk = visual[start : start + ALBUM_MAX]
        caption = l10n.raw("media-caption", order_id=callback_data.order_id) if start == 0 else None
        if len(chunk) == 1:
            item = chunk[0]
            send = bot.send_photo if item.kind == "photo" else bot.send_video
            await send(employee.telegram_id, item.file_id, caption=caption)  # type: ignore[operator]
            continue
        album = MediaGroupBuilder(caption=caption)
        for item in chunk:
            album.add(type=item.kind, media=item.file_id)  # type: ignore[arg-type]
        await bot.send_media_group(employee.telegram_id, media=album.build())
    for item in (m for m in media if m.kind == "document"):
        await bot.send_document(employee.telegram_id, item.file_id)


def setup() -> Router:
    router = Router(name=__name__)
    for handler, action in (
        (open_card, OrderAction.OPEN),
        (show_history, OrderAction.HISTORY),
        (show_car_history, OrderAction.CAR),
        (send_media, OrderAction.MEDIA),
    ):
        router.callback_query.register(
            handler, OrderCallback.filter(F.action == action), flags=READS_ONLY
        )
    return router
