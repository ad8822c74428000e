"""aiogram-dialog's Calendar, drawn the way the shop's screens show a month:

    [ ◀ ]  [ Ноябрь 2025 ]  [ ▶ ]
    [ Пн ] … [ Вс ]                        (localised: approval-cal-weekdays, -months)
    [ · ]  [ · ]  [ [20] ]  [ 21 ] …       (past days "·", today [20], the picked day ✓24)

Seven columns, Monday first; days before today show as "·" and do nothing when tapped, weeks
wholly past are left out; ◀ ▶ stop at the months that can be picked. Only the days scope is
drawn: the library's months and years scopes and its 🔍 are not offered, and a forged button
of theirs changes nothing. "Today" is the shop's (the bot's clock), not the server's.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.api.protocols import DialogProtocol
from aiogram_dialog.widgets.kbd import Calendar, CalendarConfig
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CALLBACK_NEXT_MONTH,
    CALLBACK_PREV_MONTH,
    CalendarScope,
    CalendarScopeView,
    OnDateSelected,
    date_from_raw,
    month_begin,
    next_month_begin,
    prev_month_begin,
    raw_from_date,
)

from bot.i18n import L10n

NOOP = "n"  # a label, a gap or a past day: the tap changes nothing


@dataclass(frozen=True)
class CalendarLabels:
    weekdays: Sequence[str]  # seven short names, Monday first
    months: Sequence[str]  # twelve names, January first


def labels_of(l10n: L10n) -> CalendarLabels:
    return CalendarLabels(
        weekdays=l10n.raw("approval-cal-weekdays").split(),
        months=l10n.raw("approval-cal-months").split(),
    )


@dataclass(frozen=True)
class Month:
    """One month to draw, with the days that can be picked and the ones marked."""

    first: date  # its first day
    min_date: date
    max_date: date
    today: date
    selected: date | None


def month_grid(
    month: Month, labels: CalendarLabels, callback: Callable[[str], str]
) -> list[list[InlineKeyboardButton]]:
    """The rows of one month: title with ◀ ▶, weekday names, then the weeks."""

    def button(text: str, data: str = NOOP) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=callback(data))

    first = month.first
    can_go_back = first - timedelta(days=1) >= month.min_date
    can_go_on = next_month_begin(first) <= month.max_date
    rows = [
        [
            button("◀", CALLBACK_PREV_MONTH) if can_go_back else button(" "),
            button(f"{labels.months[first.month - 1]} {first.year}"),
            button("▶", CALLBACK_NEXT_MONTH) if can_go_on else button(" "),
        ],
        [button(name) for name in labels.weekdays],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        if week[-1] < month.min_date:
            continue  # a week wholly in the past is only noise
        rows.append([button(*_day(day, month)) for day in week])
    return rows


def _day(day: date, month: Month) -> tuple[str, str]:
    """The day's label and callback value."""
    if day.month != month.first.month:
        return " ", NOOP
    if not month.min_date <= day <= month.max_date:
        return "·", NOOP
    text = str(day.day)
    if day == month.selected:
        text = f"✓{text}"
    elif day == month.today:
        text = f"[{text}]"
    return text, str(raw_from_date(day))


class MonthView(CalendarScopeView):
    """The days scope of `ShopCalendar`, as `month_grid` draws it."""

    def __init__(self, callback_generator: Callable[[str], str]) -> None:
        self.callback_generator = callback_generator

    async def render(
        self, config: CalendarConfig, offset: date, data: dict, manager: DialogManager
    ) -> list[list[InlineKeyboardButton]]:
        month = Month(
            month_begin(offset), config.min_date, config.max_date, data["today"], data["selected"]
        )
        labels = labels_of(manager.middleware_data["l10n"])
        return month_grid(month, labels, self.callback_generator)


class ShopCalendar(Calendar):
    """The window's getter gives `today` (the shop's) and `selected` (a date or None); days
    from today to `days_ahead` later can be picked. `on_click` gets the picked day, and checks
    it: a forged button can name any day."""

    def __init__(
        self,
        id: str,
        on_click: OnDateSelected,
        today: Callable[[DialogManager], date],
        days_ahead: int,
    ) -> None:
        super().__init__(id=id, on_click=on_click)
        self.today = today
        self.days_ahead = days_ahead

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        return {CalendarScope.DAYS: MonthView(self._item_callback_data)}

    def _bounds(self, manager: DialogManager) -> CalendarConfig:
        today = self.today(manager)
        return CalendarConfig(min_date=today, max_date=today + timedelta(days=self.days_ahead))

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> RawKeyboard:
        offset = self.get_offset(manager) or month_begin(data["selected"] or data["today"])
        self.set_offset(offset, manager)
        view = self.views[CalendarScope.DAYS]
        return await view.render(self._bounds(manager), offset, data, manager)

    async def _process_item_callback(
        self, callback: CallbackQuery, data: str, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        if data in (CALLBACK_PREV_MONTH, CALLBACK_NEXT_MONTH):
            self._turn(data, manager)
        elif (day := day_of(data)) is not None:
            await self.on_click.process_event(manager.event, self.managed(manager), manager, day)
        else:  # a label, a gap, a past day (or a forged scope): the screen stays as it is
            manager.show_mode = ShowMode.NO_UPDATE
        return True

    def _turn(self, data: str, manager: DialogManager) -> None:
        """◀ ▶ within the months that have days to pick."""
        offset = self.get_offset(manager) or month_begin(self.today(manager))
        bounds = self._bounds(manager)
        if data == CALLBACK_PREV_MONTH:
            offset = prev_month_begin(offset)
            allowed = next_month_begin(offset) > bounds.min_date
        else:
            offset = next_month_begin(offset)
            allowed = offset <= bounds.max_date
        if allowed:
            self.set_offset(offset, manager)

    def show_month_of(self, day: date, manager: DialogManager) -> None:
        self.set_offset(month_begin(day), manager)


def day_of(raw: str) -> date | None:
    """A day's callback value back as a date (None if it names none)."""
    try:
        return date_from_raw(int(raw))
    except (ValueError, OverflowError):
        return None
