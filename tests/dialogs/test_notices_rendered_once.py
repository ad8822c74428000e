"""A notice several people get alike (a new order, to every supplier) is rendered once per
language (bot/alerts/notify.py), and each person still gets it in their own language and chat."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from bot.alerts.notify import Notifier
from services.orders import MediaInput, OrderWork, PartInput
from services.orders.use_cases import create_order
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Employee, Notification


class _Queued:
    """The sender's side of `deliver`: which rows were handed over."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    async def queued(self, ids: list[int]) -> None:
        self.ids += ids


async def test_every_supplier_gets_the_new_order_in_their_language(
    shop, session_factory, translator
) -> None:
    async with session_factory() as session:
        staff = StaffService(session)
        await staff.add(9101, "Второй Снабженец", [Role.SUPPLIER], locale="ru")
        await staff.add(9102, "Supplier English", [Role.SUPPLIER], locale="en")
    async with session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        result = await create_order(
            OrderWork(session),
            master,
            client_id=shop.client_id,
            car_id=shop.car_id,
            complaint="стук",
            parts=[PartInput("Колодки", None, Decimal(1))],
            media=[MediaInput("photo", "p-1", "u-1", 1000, None)],
        )
        sender = _Queued()
        notifier = Notifier(sender, session, translator, ZoneInfo("Europe/Moscow"))  # type: ignore[arg-type]
        queued = await notifier.deliver(result.notices)
        rows = {
            row.chat_id: row
            for row in await session.scalars(
                select(Notification).where(Notification.id.in_(sender.ids))
            )
        }
    assert queued == len(rows) == 3
    supplier = shop.employee(Role.SUPPLIER).telegram_id
    assert rows[supplier].text == rows[9101].text and "Беру" in str(rows[9101].markup)
    assert rows[9102].text != rows[9101].text and "take it" in str(rows[9102].markup)
    assert f"№ {result.order.id}" in rows[9101].text


async def test_a_step_and_its_notices_are_committed_together(
    shop, session_factory, translator, db_engine
) -> None:
    """Given the notifier as its notice queue, a use case queues its notices before its own
    commit: a process that dies right after the step has saved still sends them when it comes
    back, and `deliver` then only hands them to the sender (no second transaction)."""
    async with session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        sender = _Queued()
        notifier = Notifier(sender, session, translator, ZoneInfo("Europe/Moscow"))  # type: ignore[arg-type]
        result = await create_order(
            OrderWork(session, notice_queue=notifier),
            master,
            client_id=shop.client_id,
            car_id=shop.car_id,
            complaint="стук",
            parts=[PartInput("Колодки", None, Decimal(1))],
        )
        # The process dies here, before `deliver`: the step and its notice are saved.
    async with session_factory() as session:
        waiting = list(await session.scalars(select(Notification)))
    supplier = shop.employee(Role.SUPPLIER)
    assert [(n.chat_id, n.status, n.sent_at) for n in waiting] == [
        (supplier.telegram_id, "pending", None)
    ]
    assert f"№ {result.order.id}" in waiting[0].text

    committed: list[object] = []

    def on_commit(connection: object) -> None:
        committed.append(connection)

    event.listen(db_engine.sync_engine, "commit", on_commit)
    try:
        assert await notifier.deliver(result.notices) == 1
    finally:
        event.remove(db_engine.sync_engine, "commit", on_commit)
    assert sender.ids == [waiting[0].id] and committed == []
