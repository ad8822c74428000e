"""The question, or why the last answer is not a date it can take, over the shop's calendar
(dialogs/approval's: today in the shop's time zone, no past days); the closing screen."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.text import Case

from dialogs.approval.calendar import ShopCalendar
from dialogs.delivery_date import handlers
from dialogs.delivery_date.states import DeliveryDateSG
from dialogs.kit.close import closed_window
from dialogs.kit.text import Fluent


def build() -> Dialog:
    text = Case(
        {
            False: Fluent("alert-delivery-ask-date", part="part"),
            True: Fluent("validation-date", reason="reason"),
        },
        selector="refused",
    )
    calendar = ShopCalendar(
        handlers.CALENDAR, handlers.calendar_day, handlers.today, handlers.CALENDAR_DAYS_AHEAD
    )
    waiting = Window(
        text,
        calendar,
        MessageInput(handlers.date_typed),
        getter=handlers.question,
        state=DeliveryDateSG.waiting,
    )
    return Dialog(waiting, closed_window(DeliveryDateSG.closed), on_start=handlers.on_start)
