"""The portal's outgoing webhook in the bot: `POST /bitrix24/events`, and the loop after it.

The endpoint only checks and stores (answers 200 at once; a wrong token or portal gets 401 and
nothing is stored). `InboundLoop` applies the stored events and, every `interval`, reconciles
with the portal; people hear about what happened through `BotTelling` (Telegram).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.notify import Notifier, order_header
from bot.alerts.sender import Sender
from bot.callbacks import OrderCallback
from bot.i18n import Translator
from bot.render.orders import stage_label
from services.alerts import queue
from services.alerts.config import WorkHours
from services.alerts.telling import queue_messages
from services.clock import Clock, system_clock
from services.crm.bitrix24 import Bitrix24Client
from services.crm.inbound import inbox
from services.crm.inbound.context import Inbound
from services.crm.inbound.form import nest
from services.crm.inbound.processor import process_pending
from services.crm.inbound.reconcile import reconcile
from services.crm.mirror.context import Texts
from services.crm.mirror.mapping import load_mapping
from services.errors import named_stages
from services.orders.deadlines import DEFAULT_WORK_HOURS
from services.orders.notices import Notice
from services.storage.models import Car, Employee, Order

log = structlog.get_logger(__name__)
EVENTS_PATH = "/bitrix24/events"
BATCH = 50


def add_events_route(
    app: web.Application,
    factory: async_sessionmaker[AsyncSession],
    verifier: inbox.Verifier,
    *,
    clock: Clock = system_clock,
    wake: asyncio.Event | None = None,
) -> None:
    async def receive(request: web.Request) -> web.Response:
        form = await request.post()
        payload = nest((k, str(v)) for k, v in form.items())
        if not verifier.accepts(payload):
            log.warning("inbound.refused", remote=request.remote)
            return web.Response(status=401, text="unauthorized")
        async with factory() as session:
            stored = await inbox.store(session, payload, clock())
        if stored and wake is not None:
            wake.set()
        return web.Response(text="ok")

    app.router.add_post(EVENTS_PATH, receive)


class BotTelling:
    """Notices through the bot's Notifier; a refused CRM move as its own message."""

    def __init__(
        self,
        bot: Bot,
        factory: async_sessionmaker[AsyncSession],
        translator: Translator,
        tz: ZoneInfo,
        clock: Clock = system_clock,
    ) -> None:
        self.factory = factory
        self.translator = translator
        self.tz = tz
        self.clock = clock
        self.sender = Sender(bot, factory, translator, clock=clock, inline=True, chat_interval=0)

    async def notices(self, notices: Sequence[Notice]) -> None:
        async with self.factory() as session:
            await Notifier(self.sender, session, self.translator, self.tz, self.clock).deliver(
                notices
            )

    async def refused(
        self,
        order_id: int,
        employee_ids: Sequence[int],
        target: str,
        key: str,
        params: Mapping[str, Any],
    ) -> None:
        async with self.factory() as session:
            order = await session.get(Order, order_id)
            if order is None:
                return
            car = await session.get(Car, order.car_id)
            if car is None:
                return
            master = await session.get(Employee, order.master_id) if order.master_id else None
            people = (
                await session.scalars(select(Employee).where(Employee.id.in_(employee_ids)))
            ).all()
            messages = [
                self._refusal(person, order, car, master, target, key, params)
                for person in people
                if person.is_active
            ]
            ids = await queue_messages(session, messages, self.clock())
        await self.sender.queued(ids)

    def _refusal(
        self,
        person: Employee,
        order: Order,
        car: Car,
        master: Employee | None,
        target: str,
        key: str,
        params: Mapping[str, Any],
    ) -> queue.Outgoing:
        """The refused CRM move as the person reads it, with a button to open the order."""
        l10n = self.translator.get(person.locale)
        reason = l10n.raw(key, **named_stages(params, partial(stage_label, l10n)))
        text = "\n".join(
            [
                order_header(l10n, order.stage, order, car, master),
                l10n("inbound-move-refused", target=stage_label(l10n, target), reason=reason),
            ]
        )
        button = InlineKeyboardButton(
            text=l10n.raw("notice-btn-open"),
            callback_data=OrderCallback(action="open", order_id=order.id, stage=order.stage).pack(),
        )
        markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
        return queue.Outgoing(
            person.telegram_id, text, person.id, markup.model_dump(mode="json", exclude_none=True)
        )


@dataclass
class InboundLoop:
    """Applies stored events as they come, and reconciles every `interval` seconds."""

    factory: async_sessionmaker[AsyncSession]
    client: Bitrix24Client
    texts: Texts
    telling: BotTelling
    interval: float = 600.0
    clock: Clock = system_clock
    hours: WorkHours = DEFAULT_WORK_HOURS  # the shop's, for the deadlines of the tasks opened
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def inbound(self) -> Inbound | None:
        async with self.factory() as session:
            mapping = await load_mapping(session)
        if mapping is None:
            return None  # `stobot b24 setup` not run yet: nothing to compare with
        return Inbound(
            self.factory,
            self.client,
            mapping,
            self.texts,
            self.telling,
            self.clock,
            hours=self.hours,
        )

    async def once(self, *, reconcile_too: bool = False) -> None:
        ib = await self.inbound()
        if ib is None:
            return
        # A full batch may have more behind it; a failed event waits for the next pass.
        while await process_pending(ib, BATCH) == BATCH:
            pass
        if reconcile_too:
            caught = await reconcile(ib, self.client)
            log.info("inbound.reconciled", caught=caught)

    async def run_forever(self) -> None:
        loop = asyncio.get_running_loop()
        next_reconcile = loop.time()
        while not self.stop.is_set():
            due = loop.time() >= next_reconcile
            try:
                await self.once(reconcile_too=due)
            except Exception:  # the loop must outlive one bad pass (the portal may be down)
                log.exception("inbound.pass_failed")
            if due:
                next_reconcile = loop.time() + self.interval
            self.wake.clear()
            wait = max(next_reconcile - loop.time(), 0.05)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_first(self.wake, self.stop), wait)

    def start(self) -> None:
        self._task = asyncio.create_task(self.run_forever(), name="bitrix24-inbound")

    async def close(self) -> None:
        self.stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def _first(*events: asyncio.Event) -> None:
    waits = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


@dataclass
class InboundService:
    """What `stobot run` starts for two-way sync: the loop and, without Telegram's webhook,
    the events endpoint on its own port (BITRIX24_EVENTS_PORT)."""

    loop: InboundLoop
    verifier: inbox.Verifier
    runner: web.AppRunner | None = None

    def routes(self, app: web.Application) -> None:
        add_events_route(
            app, self.loop.factory, self.verifier, clock=self.loop.clock, wake=self.loop.wake
        )

    async def serve_own_port(self, host: str, port: int) -> None:
        app = web.Application()
        self.routes(app)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, host, port).start()
        log.info("inbound.listening", port=port, path=EVENTS_PATH)

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
        await self.loop.close()
        await self.loop.client.close()


async def start_inbound(
    settings: Any, factory: async_sessionmaker[AsyncSession], translator: Translator, bot: Bot
) -> InboundService | None:
    """Two-way sync needs the portal and the outgoing webhook's token; None without them."""
    b24 = settings.bitrix24
    if not b24.enabled or b24.app_token is None:
        return None
    client = Bitrix24Client.from_settings(b24)
    telling = BotTelling(bot, factory, translator, settings.shop.tz)
    texts = translator.get(settings.shop.default_locale).raw
    hours = settings.alerts.work_hours(settings.shop.tz)
    loop = InboundLoop(factory, client, texts, telling, hours=hours)
    service = InboundService(loop, inbox.Verifier(b24.app_token.get_secret_value(), client.portal))
    if not settings.webhook.enabled:
        await service.serve_own_port(settings.webhook.host, b24.events_port)
    loop.start()
    return service
