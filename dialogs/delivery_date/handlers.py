"""The new date's question: started from the delivery check's button, answered by typing a
date or by a day of the calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import ManagedCalendar
from pydantic import BaseModel

from dialogs.delivery_date.states import DeliveryDateSG
from dialogs.kit.close import close
from dialogs.kit.over import open_over
from services.alerts.answers import new_date
from services.errors import DomainError
from services.normalize import NormalizeError
from services.normalize.dates import format_date, parse_date

KEY = "delivery_date"  # dialog_data key of the `Question`
_KEEPS_ASKING = "validation-date"  # a refusal that asks again; the others end the question
CALENDAR = "wc"  # the calendar's widget id
# The calendar's last day; a later date can still be typed.
CALENDAR_DAYS_AHEAD = 120


class Question(BaseModel):
    part_id: int
    part: str  # its name, as the question names it
    refused: str | None = None  # why the last answer is not a date (validation-date's reason)


async def start(manager: DialogManager, part_id: int, part: str) -> None:
    """Over anything (see `open_over`), below the check tapped, which keeps its buttons."""
    question = Question(part_id=part_id, part=part)
    await open_over(manager, DeliveryDateSG.waiting, question.model_dump(mode="json"))


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data[KEY] = start_data


def _load(manager: DialogManager) -> Question:
    return Question.model_validate(manager.dialog_data[KEY])


def today(manager: DialogManager) -> date:
    """The shop's (the bot's clock in the shop's time zone)."""
    settings = manager.middleware_data["settings"]
    return manager.middleware_data["clock"]().astimezone(settings.shop.tz).date()  # type: ignore[no-any-return]


async def question(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    asked = _load(dialog_manager)
    return {
        "part": asked.part,
        "refused": asked.refused is not None,
        "reason": asked.refused,
        "today": today(dialog_manager),
        "selected": None,
    }


async def date_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    try:
        expected = parse_date(message.text or "", today(manager))
    except NormalizeError as error:
        _refuse(manager, error)
        return
    await _answered(manager, expected)


async def calendar_day(
    query: CallbackQuery, widget: ManagedCalendar, manager: DialogManager, day: date
) -> None:
    first = today(manager)
    if not first <= day <= first + timedelta(days=CALENDAR_DAYS_AHEAD):
        manager.show_mode = ShowMode.NO_UPDATE  # a forged day: nothing to answer
        return
    await _answered(manager, day)


def _refuse(manager: DialogManager, error: DomainError) -> None:
    asked = _load(manager)
    asked.refused = str(error.params.get("reason", "other"))
    manager.dialog_data[KEY] = asked.model_dump(mode="json")


async def _answered(manager: DialogManager, expected: date) -> None:
    deps, asked = manager.middleware_data, _load(manager)
    l10n = deps["l10n"]
    try:
        # The update's unit of work: its deadlines end with the shop's working day.
        result = await new_date(deps["order_work"], deps["employee"], asked.part_id, expected)
    except DomainError as error:
        if error.key == _KEEPS_ASKING:
            _refuse(manager, error)
            return
        await close(manager, DeliveryDateSG.closed, l10n(error.key, **error.params))
        return
    part = next(p for p in result.order.parts if p.id == asked.part_id)
    when = format_date(expected, l10n.locale)
    text = l10n("alert-delivery-new-date", part=part.name, date=when)
    await close(manager, DeliveryDateSG.closed, text)
    await deps["notifier"].deliver(result.notices)
