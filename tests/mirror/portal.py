"""Helpers for mirror tests against the fake portal: a relay wired to it, and read-outs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translator
from services.crm.bitrix24 import Bitrix24Client, RetryPolicy
from services.crm.mirror.context import Texts
from services.crm.mirror.mapping import store_mapping
from services.crm.mirror.outcomes import Policy
from services.crm.mirror.relay import Relay, RelayConfig
from services.crm.mirror.setup import set_up_portal
from services.storage.models import Order, OutboxMessage
from tests.fake_bitrix24 import FakePortal

TEXTS: Texts = Translator("ru").get("ru").raw
# Tests retry at once instead of backing off for real seconds.
FAST = RelayConfig(policy=Policy(base_delay=0.0, max_delay=0.0, wait_delay=0.0, down_delay=0.0))
FAST_CLIENT = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)


def client_for(portal: FakePortal, **kwargs: Any) -> Bitrix24Client:
    kwargs.setdefault("retry", FAST_CLIENT)
    kwargs.setdefault("timeout", 5.0)
    return Bitrix24Client(portal.webhook_url, **kwargs)


async def set_up(portal: FakePortal, factory: async_sessionmaker[AsyncSession]) -> None:
    async with client_for(portal) as client:
        report = await set_up_portal(client, TEXTS)
    async with factory() as session:
        await store_mapping(session, report.mapping)


def relay_for(
    portal: FakePortal, factory: async_sessionmaker[AsyncSession], **kwargs: Any
) -> Relay:
    kwargs.setdefault("config", FAST)
    client = kwargs.pop("client", None) or client_for(portal)
    return Relay(factory, client, TEXTS, **kwargs)


async def drain(
    portal: FakePortal, factory: async_sessionmaker[AsyncSession], **kwargs: Any
) -> None:
    """Send what the outbox holds to the portal with a relay of its own, closed after."""
    relay = relay_for(portal, factory, **kwargs)
    try:
        await relay.drain()
    finally:
        await relay.close()
        await relay.client.close()


def contacts(portal: FakePortal) -> list[dict[str, Any]]:
    return portal.state.contacts.render_all()


def deals(portal: FakePortal) -> list[dict[str, Any]]:
    return portal.state.deals.render_all()


def cars(portal: FakePortal, etid: int) -> list[dict[str, Any]]:
    return list(portal.state.items.items.get(etid, {}).values())


def comments(portal: FakePortal, deal_id: int) -> list[str]:
    rows = sorted(portal.state.timeline.comments.values(), key=lambda r: r["ID"])
    return [r["COMMENT"] for r in rows if r["ENTITY_TYPE"] == "deal" and r["ENTITY_ID"] == deal_id]


async def deal_comments(
    portal: FakePortal, factory: async_sessionmaker[AsyncSession], order_id: int
) -> list[str]:
    """The timeline comments of the order's deal, oldest first."""
    async with factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None and order.bitrix_deal_id is not None
        return comments(portal, order.bitrix_deal_id)


async def unsent(factory: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    """The outbox messages not done yet (pending, parked...), in no set order."""
    async with factory() as session:
        return list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status != "done"))
        )
