"""A shop, the fake portal and the bot's events endpoint wired together, with read-outs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot
from bot.crm.events import EVENTS_PATH, BotTelling, InboundLoop, add_events_route
from bot.i18n import Translator
from bot.testing.fake_telegram import FakeTelegramSession
from services.crm.bitrix24 import Bitrix24Client
from services.crm.inbound.inbox import Verifier
from services.crm.inbound.processor import EVENTS
from services.crm.mirror.mapping import PortalMapping, load_mapping
from services.crm.mirror.relay import Relay
from services.orders import Stage
from services.storage.models import Order, StageTransition
from tests.conftest import make_settings
from tests.fake_bitrix24 import FakePortal
from tests.mirror.portal import TEXTS, client_for, relay_for, set_up
from tests.mirror.walk import MirrorShop

TOKEN = "outgoing-webhook-token-42"


@dataclass
class TwoWay:
    portal: FakePortal
    factory: async_sessionmaker[AsyncSession]
    shop: MirrorShop
    mapping: PortalMapping
    client: Bitrix24Client
    telegram: FakeTelegramSession
    loop: InboundLoop
    runner: web.AppRunner
    url: str

    @classmethod
    async def open(cls, portal: FakePortal, factory: async_sessionmaker[AsyncSession]) -> TwoWay:
        await set_up(portal, factory)
        shop = await MirrorShop.open(factory)
        async with factory() as session:
            mapping = await load_mapping(session)
        assert mapping is not None
        # These tests are about what happens, not about the portal's rate limit (tested apart).
        portal.bucket.configure(burst=100_000, drain=10_000.0)
        client = client_for(portal, rate=10_000.0, burst=100_000)
        telegram = FakeTelegramSession()
        bot = build_bot(make_settings(), session=telegram)
        telling = BotTelling(bot, factory, Translator("ru"), ZoneInfo("Europe/Moscow"))
        loop = InboundLoop(factory, client, TEXTS, telling)
        app = web.Application()
        add_events_route(app, factory, Verifier(TOKEN, client.portal))
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
        portal.events.subscribe(url, list(EVENTS), application_token=TOKEN)
        portal.events.domain = client.portal
        return cls(portal, factory, shop, mapping, client, telegram, loop, runner, url)

    async def close(self) -> None:
        await self.portal.events.close()
        await self.runner.cleanup()
        await self.client.close()

    async def settle(self, *, reconcile: bool = False) -> None:
        """Deliveries in flight arrive, then the bot applies what its inbox holds."""
        await self.portal.events.flush()
        await self.loop.once(reconcile_too=reconcile)

    async def relay(self, *, once: bool = False) -> None:
        """The outbound mirror sends what the bot wrote; its echoes come back as events."""
        relay = relay_for(self.portal, self.factory)
        try:
            await (relay.run_once() if once else relay.drain())
        finally:
            await closed(relay)

    async def both_ways(self) -> None:
        for _ in range(3):
            await self.relay()
            await self.settle()

    # ---- the portal, played by hand -----------------------------------------------------

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        return await self.client.call(method, params)

    async def crm_deal(
        self, *, phone: str = "+7 916 555-44-33", vin: str = "XW8ZZZ61ZBG123456", rows: int = 2
    ) -> int:
        """A contact, a car item and a deal in our pipeline, made the way a user would."""
        contact = await self.call(
            "crm.contact.add",
            {"fields": {"NAME": "Пётр", "LAST_NAME": "Сидоров", "PHONE": [{"VALUE": phone}]}},
        )
        uf = self.mapping.car_fields
        item = await self.call(
            "crm.item.add",
            {
                "entityTypeId": self.mapping.car_entity_type_id,
                "useOriginalUfNames": "Y",
                "fields": {
                    "title": "Skoda Octavia",
                    uf["vin"]: vin,
                    uf["plate"]: "В777ОР199",
                    uf["make"]: "Skoda",
                    uf["model"]: "Octavia",
                    "contactId": contact,
                },
            },
        )
        deal = await self.call(
            "crm.deal.add",
            {
                "fields": {
                    "TITLE": "Ремонт Skoda",
                    "CATEGORY_ID": self.mapping.category_id,
                    "CONTACT_IDS": [contact],
                    "ASSIGNED_BY_ID": 12,
                    "COMMENTS": "горит чек",
                    f"PARENT_ID_{self.mapping.car_entity_type_id}": item["item"]["id"],
                }
            },
        )
        if rows:
            products = [
                {"PRODUCT_NAME": f"Свеча зажигания {n}", "PRICE": 0, "QUANTITY": 4}
                for n in range(1, rows + 1)
            ]
            await self.call("crm.deal.productrows.set", {"id": deal, "rows": products})
        return int(deal)

    async def move_deal(self, deal_id: int, stage: str) -> None:
        await self.call("crm.deal.update", {"id": deal_id, "fields": {"STAGE_ID": stage}})

    # ---- the shop ----------------------------------------------------------------------------

    async def order_at(self, stage: Stage, *, second: bool = False) -> Order:
        """An order moved in the bot to `stage`, mirrored, its echoes taken in."""
        if second:
            client_id, car_id = await self.shop.client_and_car("+79167654321", "XW8ZZZ61ZBG654321")
        else:
            client_id, car_id = await self.shop.client_and_car()
        order_id = await self.shop.new_order(client_id, car_id)
        while await self.shop.stage(order_id) is not stage:
            await self.shop.advance(order_id)
        await self.both_ways()
        order = await self.order(order_id)
        assert order.bitrix_deal_id is not None
        return order

    async def order(self, order_id: int) -> Order:
        async with self.factory() as session:
            order = await session.get(Order, order_id)
        assert order is not None
        return order

    # ---- read-outs -------------------------------------------------------------------------

    async def order_of_deal(self, deal_id: int) -> Order | None:
        async with self.factory() as session:
            return await session.scalar(select(Order).where(Order.bitrix_deal_id == deal_id))

    async def counts(self) -> tuple[int, int]:
        async with self.factory() as session:
            orders = await session.scalar(select(func.count(Order.id)))
            moves = await session.scalar(select(func.count(StageTransition.id)))
        return int(orders or 0), int(moves or 0)

    def messages(self, telegram_id: int) -> list[str]:
        return [m.text for m in self.telegram.chats.get(telegram_id, {}).values()]

    def comments(self, deal_id: int) -> list[str]:
        rows = sorted(self.portal.state.timeline.comments.values(), key=lambda r: r["ID"])
        return [
            r["COMMENT"] for r in rows if r["ENTITY_TYPE"] == "deal" and r["ENTITY_ID"] == deal_id
        ]


async def closed(relay: Relay) -> None:
    await relay.close()
    await relay.client.close()


class HeldWrite:
    """One relay cycle whose write to the deal the portal holds until `release`: any
    crm.deal.update of it, or only one carrying STAGE_ID `stage`. `stored_first`: the write is
    stored and its answer held (else held before it is stored)."""

    def __init__(
        self, two_way: TwoWay, order: Order, stage: str | None = None, *, stored_first: bool
    ) -> None:
        self.order = order
        deal_id = order.bitrix_deal_id
        self.gate = two_way.portal.faults.gate(
            "crm.deal.update",
            after_execute=stored_first,
            when=_carrying(deal_id, stage),
        )
        # The held batch must not time out on a slow machine while the test looks around.
        client = client_for(two_way.portal, rate=10_000.0, burst=100_000, timeout=120.0)
        self.relay = relay_for(two_way.portal, two_way.factory, client=client)
        self.cycle: asyncio.Task[Any] | None = None

    async def start(self) -> None:
        self.cycle = asyncio.create_task(self.relay.run_once())
        reached = asyncio.create_task(self.gate.reached.wait())
        # A cycle that ends without the write reaching the gate fails here, not hangs.
        await asyncio.wait({self.cycle, reached}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if not reached.done():
            reached.cancel()
            await self.release()
            raise AssertionError("the relay's deal write never reached the portal's gate")

    async def release(self) -> None:
        assert self.cycle is not None
        self.gate.open()
        try:
            await asyncio.wait_for(self.cycle, 60)
        finally:
            await closed(self.relay)


def _carrying(deal_id: int | None, stage: str | None) -> Callable[[dict[str, Any]], bool]:
    def matches(params: dict[str, Any]) -> bool:
        fields = params.get("fields") or params.get("FIELDS") or {}
        if str(params.get("id") or params.get("ID")) != str(deal_id):
            return False
        return stage is None or (isinstance(fields, dict) and fields.get("STAGE_ID") == stage)

    return matches
