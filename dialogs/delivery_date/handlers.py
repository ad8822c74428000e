"""The new date's question: started from the delivery check's button, answered by typing."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from pydantic import BaseModel

from dialogs.delivery_date.states import DeliveryDateSG
from dialogs.kit.close import close
from dialogs.kit.question import ask
from services.alerts.answers import DeliveryAnswers
from services.errors import DomainError
from services.normalize.dates import format_date, parse_date

KEY = "delivery_date"  # dialog_data key of the `Question`
_KEEPS_ASKING = "validation-date"  # a refusal that asks again; the others end the question


class Question(BaseModel):
    part_id: int
    part: str  # its name, as the question names it
    refused: str | None = None  # why the last answer is not a date (validation-date's reason)


async def start(manager: DialogManager, state: FSMContext, part_id: int, part: str) -> None:
    """Over anything (see `ask`), below the check tapped, which keeps its buttons."""
    question = Question(part_id=part_id, part=part)
    await ask(manager, state, DeliveryDateSG.waiting, question.model_dump(mode="json"))


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data[KEY] = start_data


def _load(manager: DialogManager) -> Question:
    return Question.model_validate(manager.dialog_data[KEY])


async def question(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    asked = _load(dialog_manager)
    return {"part": asked.part, "refused": asked.refused is not None, "reason": asked.refused}


async def date_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    deps, asked = manager.middleware_data, _load(manager)
    settings, clock, l10n = deps["settings"], deps["clock"], deps["l10n"]
    # The receiving task's deadline follows the new date, to the end of the shop's day.
    hours = settings.alerts.work_hours(settings.shop.tz)
    answers = DeliveryAnswers(deps["session"], clock, hours=hours)
    try:
        expected = parse_date(message.text or "", clock().astimezone(settings.shop.tz).date())
        result = await answers.new_date(deps["employee"], asked.part_id, expected)
    except DomainError as error:
        if error.key == _KEEPS_ASKING:
            asked.refused = str(error.params.get("reason", "other"))
            manager.dialog_data[KEY] = asked.model_dump(mode="json")
            return
        await close(manager, DeliveryDateSG.closed, l10n(error.key, **error.params))
        return
    part = next(p for p in result.order.parts if p.id == asked.part_id)
    when = format_date(expected, l10n.locale)
    await close(
        manager, DeliveryDateSG.closed, l10n("alert-delivery-new-date", part=part.name, date=when)
    )
    await deps["notifier"].deliver(result.notices)
