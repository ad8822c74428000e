"""/audit and «🗂 Журнал событий»: the audit journal by person, order and dates; CSV export.
The filter travels inside every button, so the screen needs no stored state."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.render.pager import pager_row
from bot.settings import Settings
from dialogs.director_staff.getters import STAFF_PAGE
from handlers.director.callbacks import JournalAction, JournalCallback
from handlers.director.states import DirectorSG
from services.audit import journal
from services.clock import Clock
from services.errors import DomainError
from services.reports.period import PeriodKind, make_period, parse_custom
from services.staff.service import StaffService
from services.storage.models import Employee

# A page's fifteen lines and its title within Telegram's 4096 characters.
LINE_LIMIT = 240
CSV_HEADINGS = (
    "journal-col-at",
    "journal-col-who",
    "journal-col-telegram",
    "journal-col-action",
    "journal-col-entity",
    "journal-col-entity-id",
    "journal-col-details",
)


def _day(text: str) -> date | None:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if text else None


def _filter(data: JournalCallback, settings: Settings) -> journal.JournalFilter:
    first, last = _day(data.since), _day(data.until)
    since = until = None
    if first and last:
        period = make_period(PeriodKind.CUSTOM, first, last, settings.shop.tz)
        since, until = period.start, period.end
    return journal.JournalFilter(
        actor_id=data.actor or None, order_id=data.order or None, since=since, until=until
    )


def _with(data: JournalCallback, **changes: object) -> JournalCallback:
    return data.model_copy(update=changes)


def _btn(text: str, data: JournalCallback) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


async def _describe(data: JournalCallback, session: AsyncSession, l10n: L10n) -> str:
    parts = []
    if data.actor:
        person = await session.get(Employee, data.actor)
        parts.append(l10n.raw("journal-filter-person", name=person.full_name if person else "?"))
    if data.order:
        parts.append(l10n.raw("journal-filter-order", order_id=data.order))
    if data.since:
        first, last = _day(data.since), _day(data.until)
        parts.append(
            l10n.raw("journal-filter-dates", first=f"{first:%d.%m.%Y}", last=f"{last:%d.%m.%Y}")
        )
    return ", ".join(parts) or l10n.raw("journal-filter-all")


def _fit(l10n: L10n, args: dict[str, str]) -> dict[str, str]:
    """A line within LINE_LIMIT characters as shown: the facts (a reason may be 500
    characters) and then a long name are cut with «…». The CSV keeps them whole."""
    for name in ("what", "who"):
        excess = len(l10n.raw("journal-line", **args)) - LINE_LIMIT
        if excess > 0:
            value = args[name]
            args = args | {name: value[: max(len(value) - excess - 1, 0)].rstrip() + "…"}
    return args


async def _screen(
    data: JournalCallback, session: AsyncSession, l10n: L10n, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    entries, total = await journal.search(session, _filter(data, settings), data.offset)
    names = await journal.names_for(session, [entry.event for entry in entries])
    lines = [l10n("journal-title", filter=await _describe(data, session, l10n), total=total)]
    for entry in entries:
        e = entry.event
        # Words built unescaped, escaped once as the line's arguments.
        shown = journal.describe(e, names, l10n.raw, settings.shop.tz, l10n.locale)
        args = {
            "at": e.at.astimezone(settings.shop.tz).strftime("%d.%m %H:%M"),
            "who": entry.actor_name or str(e.actor_telegram_id or l10n.raw("journal-nobody")),
            "action": shown.action,
            "what": "".join(f" · {part}" for part in (shown.entity, shown.details) if part),
        }
        lines.append(l10n("journal-line", **_fit(l10n, args)))
    if not entries:
        lines.append(l10n("journal-empty"))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=_buttons(l10n, data, total))


def _buttons(l10n: L10n, data: JournalCallback, total: int) -> list[list[InlineKeyboardButton]]:
    """The filters, the pages and the reset, each carrying the journal's current filter."""
    rows = [
        [
            _btn(l10n.raw("journal-btn-person"), _with(data, action=JournalAction.PEOPLE)),
            _btn(l10n.raw("journal-btn-order"), _with(data, action=JournalAction.ORDER)),
        ],
        [
            _btn(l10n.raw("journal-btn-dates"), _with(data, action=JournalAction.DATES)),
            _btn(l10n.raw("journal-btn-csv"), _with(data, action=JournalAction.CSV)),
        ],
    ]
    paging = []
    if data.offset + journal.PAGE < total:
        paging.append(
            _btn(
                l10n.raw("journal-btn-older"),
                _with(data, action=JournalAction.SHOW, offset=data.offset + journal.PAGE),
            )
        )
    if data.offset:
        newer = max(data.offset - journal.PAGE, 0)
        paging.append(
            _btn(
                l10n.raw("journal-btn-newer"), _with(data, action=JournalAction.SHOW, offset=newer)
            )
        )
    if paging:
        rows.append(paging)
    if data.actor or data.order or data.since:
        rows.append(
            [_btn(l10n.raw("journal-btn-reset"), JournalCallback(action=JournalAction.SHOW))]
        )
    return rows


async def _people(
    data: JournalCallback, session: AsyncSession, l10n: L10n
) -> tuple[str, InlineKeyboardMarkup]:
    """Whose events: a page of the staff, a button each (one keyboard for a whole shop
    network's staff would outgrow Telegram's); `data.offset` is the page's."""
    page = await StaffService(session).list_page(STAFF_PAGE, data.offset)
    rows = [
        [_btn(p.full_name[:60], _with(data, action=JournalAction.SHOW, actor=p.id, offset=0))]
        for p in page.items
    ]
    nav = pager_row(
        page.offset,
        len(page.items),
        page.total,
        STAFF_PAGE,
        lambda offset: _with(data, action=JournalAction.PEOPLE_PAGE, offset=offset).pack(),
    )
    if nav:
        rows.append(nav)
    return l10n("journal-pick-person"), InlineKeyboardMarkup(inline_keyboard=rows)


async def show(
    message: Message, session: AsyncSession, l10n: L10n, settings: Settings, state: FSMContext
) -> None:
    await state.clear()
    text, keyboard = await _screen(
        JournalCallback(action=JournalAction.SHOW), session, l10n, settings
    )
    await message.answer(text, reply_markup=keyboard)


async def people(
    query: CallbackQuery, callback_data: JournalCallback, session: AsyncSession, l10n: L10n
) -> None:
    """From the journal: its offset is the journal's page, the picker starts at the first."""
    await query.answer()
    if isinstance(query.message, Message):
        text, keyboard = await _people(_with(callback_data, offset=0), session, l10n)
        await query.message.answer(text, reply_markup=keyboard)


async def people_page(
    query: CallbackQuery, callback_data: JournalCallback, session: AsyncSession, l10n: L10n
) -> None:
    """◀️ ▶️ in the picker: the same message, another page."""
    await query.answer()
    if isinstance(query.message, Message):
        text, keyboard = await _people(callback_data, session, l10n)
        await query.message.edit_text(text, reply_markup=keyboard)


async def ask_filter(
    query: CallbackQuery, callback_data: JournalCallback, l10n: L10n, state: FSMContext
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    by_order = callback_data.action is JournalAction.ORDER
    await state.set_state(DirectorSG.journal_order if by_order else DirectorSG.journal_dates)
    await state.update_data(journal_filter=callback_data.pack())
    await query.message.answer(l10n("journal-ask-order" if by_order else "journal-ask-dates"))


async def export_csv(
    query: CallbackQuery,
    callback_data: JournalCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    headings = [l10n.raw(k) for k in CSV_HEADINGS]
    content = await journal.export_csv(
        session, _filter(callback_data, settings), headings, l10n.raw, settings.shop.tz, l10n.locale
    )
    await query.message.answer_document(BufferedInputFile(content, filename="journal.csv"))


async def show_page(
    query: CallbackQuery,
    callback_data: JournalCallback,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
) -> None:
    await query.answer()
    if not isinstance(query.message, Message):
        return
    text, keyboard = await _screen(callback_data, session, l10n, settings)
    if query.message.text != text:
        await query.message.edit_text(text, reply_markup=keyboard)


async def typed_filter(
    message: Message,
    session: AsyncSession,
    l10n: L10n,
    settings: Settings,
    clock: Clock,
    state: FSMContext,
) -> None:
    stored = (await state.get_data()).get("journal_filter") or JournalCallback(
        action=JournalAction.SHOW
    ).pack()
    data = _with(JournalCallback.unpack(stored), action=JournalAction.SHOW, offset=0)
    text = (message.text or "").strip().lstrip("№#").strip()
    if await state.get_state() == DirectorSG.journal_order.state:
        if not text.isdigit() or len(text) > 9:
            await message.answer(l10n("journal-error-order"))
            return
        data = _with(data, order=int(text))
    else:
        try:
            period = parse_custom(text, clock(), settings.shop.tz)
        except DomainError as error:
            await message.answer(l10n(error.key))
            return
        data = _with(data, since=f"{period.first_day:%Y%m%d}", until=f"{period.last_day:%Y%m%d}")
    await state.clear()
    text, keyboard = await _screen(data, session, l10n, settings)
    await message.answer(text, reply_markup=keyboard)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(show, Command("audit"))
    router.message.register(typed_filter, StateFilter(DirectorSG.journal_order), F.text)
    router.message.register(typed_filter, StateFilter(DirectorSG.journal_dates), F.text)
    on = JournalCallback.filter
    router.callback_query.register(show_page, on(F.action == JournalAction.SHOW))
    router.callback_query.register(people, on(F.action == JournalAction.PEOPLE))
    router.callback_query.register(people_page, on(F.action == JournalAction.PEOPLE_PAGE))
    router.callback_query.register(
        ask_filter, on(F.action.in_({JournalAction.ORDER, JournalAction.DATES}))
    )
    router.callback_query.register(export_csv, on(F.action == JournalAction.CSV))
    return router
