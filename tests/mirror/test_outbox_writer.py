"""Outbox rows are written in the same transaction as the change, and only with a portal."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.errors import DomainError
from services.orders import OrderWork, Stage
from services.orders.use_cases import approve_labour, move_back
from services.staff.roles import Role
from services.storage.models import Employee, OutboxMessage
from tests.mirror.walk import MirrorShop


async def _messages(factory: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with factory() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_without_a_portal_the_outbox_stays_empty(session_factory) -> None:
    shop = await MirrorShop.open(session_factory)
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    while await shop.stage(order_id) is not Stage.DONE:
        await shop.advance(order_id)
    assert await _messages(session_factory) == []


async def test_each_change_writes_its_messages(mirror_shop: MirrorShop, outbox_factory) -> None:
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    rows = await _messages(outbox_factory)
    assert [(m.kind, m.entity_type) for m in rows[:2]] == [
        ("contact.sync", "client"),
        ("car.sync", "car"),
    ]
    kinds = Counter(m.kind for m in rows[2:])
    assert kinds == {"deal.sync": 1, "task.sync": 1, "deal.comment": 1, "deal.media": 1}
    comment = next(m for m in rows if m.kind == "deal.comment")
    assert comment.entity_id == order_id
    assert comment.payload is not None
    assert comment.payload["actor"] == "Сергей Мастеров"
    assert [a["action"] for a in comment.payload["actions"]] == ["order.created"]
    assert [(m["from"], m["to"]) for m in comment.payload["moves"]] == [
        (None, "NEW"),
        ("NEW", "PARTS_PRICING"),
    ]
    media = next(m for m in rows if m.kind == "deal.media")
    assert media.payload == {
        "kind": "photo",
        "file_id": "photo-1",
        "file_unique_id": "u-photo-1",
        "file_size": 1000,
    }


async def test_amounts_and_reasons_reach_the_comment(mirror_shop, outbox_factory) -> None:
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    await mirror_shop.advance(order_id)  # both parts priced → labour pricing
    async with outbox_factory() as session:
        director = await session.get(Employee, mirror_shop.staff[Role.DIRECTOR])
        await move_back(
            OrderWork(session),
            director,
            order_id,
            to_stage=Stage.PARTS_PRICING,
            reason="поставщик ошибся в цене",
            seen_stage=Stage.LABOUR_PRICING,
        )
    comments = [m.payload for m in await _messages(outbox_factory) if m.kind == "deal.comment"]
    priced = comments[1]["actions"][0]
    assert priced["action"] == "part.priced"
    assert priced["part"] == "Колодки передние"
    assert priced["purchase"] in ("1000", "1000.00")
    back = comments[-1]
    assert back["moves"] == [
        {"from": "LABOUR_PRICING", "to": "PARTS_PRICING", "reason": "поставщик ошибся в цене"}
    ]


async def test_a_refused_action_writes_nothing(mirror_shop, outbox_factory) -> None:
    client_id, car_id = await mirror_shop.client_and_car()
    order_id = await mirror_shop.new_order(client_id, car_id)
    before = len(await _messages(outbox_factory))
    async with outbox_factory() as session:
        head = await session.get(Employee, mirror_shop.staff[Role.HEAD])
        with pytest.raises(DomainError):
            await approve_labour(OrderWork(session), head, order_id, seen_stage=Stage.PARTS_PRICING)
    assert len(await _messages(outbox_factory)) == before
