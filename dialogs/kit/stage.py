"""What the dialogs of one stage's work (labour, approval, pre-issue, the parts walk) share:
the data every one keeps (its order, the stage it was opened on, the note and the pinned
send-back), the services of the update, how the stage button opens one, and how a refusal of
the service reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram_dialog import DialogManager
from pydantic import BaseModel

from bot.alerts.notify import Notifier
from bot.callbacks import OrderCallback
from bot.i18n import L10n
from bot.settings import Settings
from dialogs.kit.close import close
from dialogs.kit.feedback import ends_dialog, error_text, warning
from dialogs.kit.over import open_over
from dialogs.kit.send_back import send_back_note
from services.errors import DomainError
from services.orders import OrderCard, OrderQueries, OrderWork
from services.storage.models import Employee

# The handler of a stage button: (query, callback_data, state, dialog_manager).
CallbackHandler = Callable[..., Awaitable[None]]

KEY = "stage"  # dialog_data key of the dialog's one typed object
_CARD_READ = "stage_card"  # middleware_data: the order's card as this update has read it


class StageData(BaseModel):
    """A stage dialog's data; each dialog extends it with its own answers."""

    order_id: int
    stage: str  # the stage the dialog was opened on (the services' stale check)
    note: str | None = None  # the answer to the last action, on top of the next screen
    pinned: str | None = None  # why the order was sent back, on top of every screen

    def screen(self, body: str) -> str:
        """`body` under the note and the pinned text; the note is shown once."""
        text = f"{self.note}\n\n{body}" if self.note else body
        return f"{self.pinned}\n\n{text}" if self.pinned else text


Data = TypeVar("Data", bound=StageData)


def load(manager: DialogManager, model: type[Data]) -> Data:
    return model.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, data: StageData) -> None:
    manager.dialog_data[KEY] = data.model_dump(mode="json")


def begin(manager: DialogManager, model: type[Data]) -> tuple[Deps, Data]:
    """A handler's start: the services and the data, the last note dropped (it answered the
    action before this one)."""
    data = load(manager, model)
    data.note = None
    return Deps(manager), data


def keep(manager: DialogManager, data: StageData) -> None:
    """A handler's end: the data kept, unless the handler closed the dialog."""
    if manager.has_context():
        store(manager, data)


async def keep_start_data(start_data: Any, manager: DialogManager) -> None:
    """`on_start` of a stage dialog: the data the stage button made is the dialog's data."""
    manager.dialog_data[KEY] = start_data


def open_data(manager: DialogManager, first: State) -> dict[str, Any] | None:
    """The data of the dialog open now, if it is the one `first` belongs to."""
    if not manager.has_context():
        return None
    context = manager.current_context()
    if context.state.group is not first.group or KEY not in context.dialog_data:
        return None
    return context.dialog_data[KEY]  # type: ignore[no-any-return]


async def start(
    manager: DialogManager, state: FSMContext, first: State, data: StageData, *, pin: bool = True
) -> None:
    """Open the dialog from the stage button (handlers.orders.guard has checked the stage and
    the role), in a new message: the card or notification tapped stays as it was. A dialog in
    progress (a new order half typed) waits below and is drawn again when this one ends
    (`open_over`). `pin`: why the order was sent back to this stage goes on top of every screen
    (the stage's work redoes it; a send-back or a cancel does not)."""
    await state.clear()
    deps = Deps(manager)
    if pin:
        data.pinned = await send_back_note(deps.l10n, deps.session, data.order_id, data.stage)
    await open_over(manager, first, data.model_dump(mode="json"))


def stage_entry(name: str, stages: Collection[str], enter: CallbackHandler) -> Router:
    """The entry of a stage dialog: `enter` on the stage button («act») of an order in one of
    `stages`, after handlers.orders.guard; the dialog itself is included apart, after every
    entry (dialogs.build_aiogram_dialogs)."""
    router = Router(name=f"{name}.entry")
    router.callback_query.register(
        enter, OrderCallback.filter((F.action == "act") & F.stage.in_(set(stages)))
    )
    return router


@dataclass
class Deps:
    """The services of this update, as the middlewares put them in `middleware_data`."""

    manager: DialogManager

    def _dep(self, name: str) -> Any:
        return self.manager.middleware_data[name]

    @property
    def l10n(self) -> L10n:
        return self._dep("l10n")  # type: ignore[no-any-return]

    @property
    def work(self) -> OrderWork:
        """The order unit of work the use cases take first (`services.orders.use_cases`)."""
        return self._dep("order_work")  # type: ignore[no-any-return]

    @property
    def queries(self) -> OrderQueries:
        return self._dep("queries")  # type: ignore[no-any-return]

    @property
    def employee(self) -> Employee:
        return self._dep("employee")  # type: ignore[no-any-return]

    @property
    def roles(self) -> frozenset[str]:
        return self._dep("roles")  # type: ignore[no-any-return]

    @property
    def notifier(self) -> Notifier:
        return self._dep("notifier")  # type: ignore[no-any-return]

    @property
    def session(self) -> Any:
        return self._dep("session")

    @property
    def settings(self) -> Settings:
        return self._dep("settings")  # type: ignore[no-any-return]

    async def card(self, order_id: int) -> OrderCard:
        """The order's card, read once per update: a handler that has read it before the
        screen is drawn passes it on with `read`. Read it anew after changing the order."""
        card: OrderCard | None = self.manager.middleware_data.get(_CARD_READ)
        if card is None or card.order.id != order_id:
            card = await self.queries.order_card(order_id, self.employee)
            self.read(card)
        return card

    def read(self, card: OrderCard) -> None:
        self.manager.middleware_data[_CARD_READ] = card

    def now(self) -> datetime:
        """In the shop's time zone."""
        return self._dep("clock")().astimezone(self.settings.shop.tz)  # type: ignore[no-any-return]

    def today(self) -> date:
        return self.now().date()


async def refused(
    manager: DialogManager, closed: State, data: StageData, error: DomainError
) -> bool:
    """Say why the service refused: on the last screen (True) if the order moved on, is gone
    or is not ours, else as a ⚠️ note on the next screen (False)."""
    text = error_text(Deps(manager).l10n, error)
    if ends_dialog(error):
        await close(manager, closed, text)
        return True
    data.note = warning(text)
    return False
