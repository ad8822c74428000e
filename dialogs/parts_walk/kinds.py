"""What a kind of parts work (pricing, purchase, receiving) gives the generic parts walk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.notify import Notifier
from bot.i18n import L10n
from bot.settings import Settings
from dialogs.kit.close import close
from dialogs.kit.feedback import error_text, warning
from dialogs.kit.stage import refused
from dialogs.parts_walk.data import Walk
from dialogs.parts_walk.queries import load_order
from dialogs.parts_walk.states import PartsWalkSG
from services.errors import DomainError
from services.orders import OrderQueries, OrderWork
from services.storage.models import Employee, Order

_ORDER_READ = "parts_walk_order"  # middleware_data: the order as this update has read it
Choice = tuple[str, str]  # (label, value); the value rides in the button's callback data


MAX_DIGITS = 9  # digits a button's number may have


def button_number(value: str, prefix: str) -> int | None:
    """The number after `prefix` in a button's value ("v2", "d14"), or None (a forged one)."""
    digits = value.removeprefix(prefix)
    if value.startswith(prefix) and digits.isascii() and digits.isdigit():
        return int(digits) if len(digits) <= MAX_DIGITS else None
    return None


@dataclass
class Screen:
    text: str
    parts: list[Choice] = field(default_factory=list)  # one button a row, value: part id
    rows: list[list[Choice]] = field(default_factory=list)  # likely answers
    finish: str | None = None  # the label of «finish the stage as it is», if offered
    back: bool = True
    cancel: bool = True


@dataclass
class Ctx:
    """The dialog as a kind sees it: the walk's data and the services of this update."""

    manager: DialogManager
    walk: Walk

    def _dep(self, name: str) -> Any:
        return self.manager.middleware_data[name]

    @property
    def l10n(self) -> L10n:
        return self._dep("l10n")

    @property
    def work(self) -> OrderWork:
        """The order unit of work the use cases take first (`services.orders.use_cases`)."""
        return self._dep("order_work")

    @property
    def queries(self) -> OrderQueries:
        return self._dep("queries")

    @property
    def employee(self) -> Employee:
        return self._dep("employee")

    @property
    def notifier(self) -> Notifier:
        return self._dep("notifier")

    @property
    def session(self) -> AsyncSession:
        return self._dep("session")

    def today(self) -> date:
        """In the shop's time zone."""
        now: datetime = self._dep("clock")()
        settings: Settings = self._dep("settings")
        return now.astimezone(settings.shop.tz).date()

    @property
    def window(self) -> State:
        return self.manager.current_context().state

    async def order(self) -> Order:
        """The order with its parts as they are now, read once per update (a service's
        result, handed over with `fresh`, counts as read)."""
        order: Order | None = self.manager.middleware_data.get(_ORDER_READ)
        if order is None:
            order = await load_order(self.session, self.walk.order_id)
            self.fresh(order)
        return order

    def fresh(self, order: Order) -> None:
        self.manager.middleware_data[_ORDER_READ] = order

    async def to(self, window: State) -> None:
        await self.manager.switch_to(window)

    def say(self, text: str | None) -> None:
        """`text` on top of the next screen (the answer to what was just done)."""
        self.walk.note = text

    def warn(self, text: str) -> None:
        self.walk.note = warning(text)

    async def close(self, text: str) -> None:
        await close(self.manager, PartsWalkSG.closed, text)

    async def refused(self, error: DomainError, *, marked: bool = True) -> bool:
        """Say why the service refused (`marked`: with ⚠️); True if the dialog ended (the
        order moved on, is gone, is not ours)."""
        ended = await refused(self.manager, PartsWalkSG.closed, self.walk, error)
        if not ended and not marked:
            self.say(error_text(self.l10n, error))
        return ended


class PartsKind(Protocol):
    """One kind of parts work. Each method changes `ctx.walk` (and the window) or closes the
    dialog; the dialog then draws what `screen` says."""

    async def begin(self, ctx: Ctx) -> None:
        """Opened on the order: fill the walk, go to the first window."""

    async def screen(self, ctx: Ctx) -> Screen: ...

    async def part_tapped(self, ctx: Ctx, part_id: int) -> None: ...

    async def picked(self, ctx: Ctx, value: str) -> None: ...

    async def typed(self, ctx: Ctx, text: str) -> None: ...

    async def back(self, ctx: Ctx) -> None: ...

    async def finish(self, ctx: Ctx) -> None: ...
