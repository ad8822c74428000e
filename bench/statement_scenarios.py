"""The steps `python -m bench.statements` counts statements for (run by it, not by the suite).

Each scenario sets up as its test does, opens the window around the one step being measured
and records its figures with the budget the speed work reached.
"""

# The tests' fixtures are imported by name, and pytest hands them back as parameters.
# ruff: noqa: F811

from __future__ import annotations

from decimal import Decimal

from aiogram.fsm.storage.base import StorageKey

from bench.statements import Window
from bot.callbacks import OrderCallback
from services.alerts import queue
from services.audit import log as audit
from services.orders import OrderQueries, Stage
from services.orders.use_cases import claim_task
from services.staff.directory import LocalGeneration, StaffDirectory, roster_of
from services.staff.roles import Role
from services.storage.models import WorkLine
from tests.alerts.conftest import clock  # noqa: F401 - a fixture
from tests.alerts.test_sender import _queue, _sender
from tests.conftest import (  # noqa: F401 - fixtures
    add_employee,
    db_engine,
    harness,
    session,
    session_factory,
    translator,
)
from tests.dialogs.conftest import HEAD, MASTER, SUPPLIER
from tests.dialogs.conftest import shop as shop
from tests.dialogs.test_approval import act as approval_act
from tests.dialogs.test_approval import harness as approval_harness  # noqa: F401 - a fixture
from tests.dialogs.test_labour import act as labour_act
from tests.dialogs.test_new_order import NEW_ORDER, PARTS
from tests.dialogs.test_pricing import act as pricing_act
from tests.dialogs.test_purchase import act as purchase_act
from tests.dialogs.test_purchase import order_with_vendors
from tests.orders.conftest import shop as order_shop  # noqa: F401 - a fixture
from tests.telegram.test_update_dedupe import MASTER as DEDUPE_MASTER
from tests.telegram.test_update_dedupe import _command, _redis_process

THREE_WORKS = "Замена колодок 1500\nДиагностика подвески 2000\nСнятие стойки 1200"


def _starts(prefix: str):  # type: ignore[no-untyped-def]
    return lambda s: s.lstrip().startswith(prefix)


def _order_reads(s: str) -> bool:
    return s.lstrip().startswith("SELECT") and "FROM orders" in s


def _parts_or_works(s: str) -> bool:
    return "FROM order_parts" in s or "FROM order_works" in s


def _order_locks(s: str) -> bool:
    return "FOR UPDATE" in s and "FROM orders" in s


# --- reads of the order screens ------------------------------------------------------------


async def test_list_pages(window: Window, session, order_shop) -> None:
    q = OrderQueries(session)
    for _ in range(3):
        await order_shop.new_order()
    session.expunge_all()
    with window.open():
        await q.my_tasks(order_shop.supplier)
        await q.my_orders(order_shop.master)
        await q.orders_in_stage(Stage.PARTS_PRICING)
        await q.search("А123ВС77")
    window.count("four_pages", 4)  # a page and its total in one statement each


async def test_card(window: Window, session, order_shop) -> None:
    order = (await order_shop.new_order()).order
    session.add_all(
        WorkLine(order_id=order.id, position=n, name=name, cost=Decimal(100))
        for n, name in enumerate(["Замена колодок", "Диагностика", "Мойка"], 1)
    )
    await session.commit()
    session.expunge_all()
    with window.open():
        await OrderQueries(session).order_card(order.id, order_shop.supplier)
    window.count("statements", 3)  # the order's row with its works and phone, parts, tasks


async def test_history_and_car_of(window: Window, session, order_shop) -> None:
    q = OrderQueries(session)
    order = (await order_shop.new_order()).order
    session.expunge_all()
    with window.open():
        await q.history(order.id)
    window.count("history", 1)
    with window.open():
        await q.car_of(order.id)
    window.count("car_of", 1)


# --- the staff kept between updates ---------------------------------------------------------


async def test_staff_directory(window: Window, session_factory) -> None:
    await add_employee(session_factory, 501, "Мастер", Role.MASTER)
    directory = StaffDirectory(LocalGeneration())
    async with session_factory() as session:
        await directory.by_telegram_id(session, 501)
    with window.open():
        async with session_factory() as session:
            await directory.by_telegram_id(session, 501)
            await directory.by_telegram_id(session, 999)
    window.count("known_kept_stranger_read", 1)
    with window.open():
        async with session_factory() as session:
            await directory.by_telegram_id(session, 999)
            await directory.by_telegram_id(session, 501)
    window.count("both_kept", 0)


async def test_roster(window: Window, session_factory) -> None:
    await add_employee(session_factory, 511, "Снабженец", Role.SUPPLIER)
    await add_employee(session_factory, 513, "Мастер", Role.MASTER, Role.HEAD)
    directory = StaffDirectory(LocalGeneration())
    with window.open():
        async with session_factory() as session:
            await directory.by_telegram_id(session, 513)
            await roster_of(session)
    window.count("first_staff_reads", 2, lambda s: "employee_roles" in s)  # who; everyone
    with window.open():
        async with session_factory() as session:
            await directory.by_telegram_id(session, 513)
            await roster_of(session)
    window.count("kept_staff_reads", 0)


# --- the order's steps ---------------------------------------------------------------------


async def test_claim_task(window: Window, session, order_shop) -> None:
    created = await order_shop.new_order()
    session.expunge_all()
    with window.open():
        await claim_task(order_shop.work, order_shop.supplier, created.notices[0].task_id)
    window.count("task_writes", 1, _starts("UPDATE stage_tasks"))
    window.count("parts_works_reads", 0, _parts_or_works)


async def test_approval_entry(window: Window, approval_harness, shop) -> None:
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    with window.open():
        await approval_harness.tap(MASTER, approval_act(order_id))
    window.count("card_reads", 1, _starts("SELECT orders.id"))


async def test_stage_guard(window: Window, harness, shop) -> None:
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    data = OrderCallback(action="act", order_id=order_id, stage="PARTS_PRICING").pack()
    with window.open():
        await harness.tap(SUPPLIER, data)
    window.count("works_reads", 1, lambda s: "FROM order_works" in s)  # the dialog's own


async def test_pricing_next_part(window: Window, harness, shop) -> None:
    order_id = await shop.order_at(Stage.PARTS_PRICING, parts=3)
    await harness.tap(SUPPLIER, pricing_act(order_id))
    with window.open():
        await harness.send(SUPPLIER, "4200 - Автодок 2")
    window.count("order_reads", 1, _order_reads)


async def test_purchase_next_part(window: Window, harness, shop, session_factory) -> None:
    order_id = await order_with_vendors(shop, session_factory, ["Emex", "Автодок"])
    await harness.tap(SUPPLIER, purchase_act(order_id))
    await harness.send(SUPPLIER, "E-55812")
    with window.open():
        await harness.tap_button(SUPPLIER, "через 2 дн.")
    window.count("order_reads", 1, _order_reads)


async def test_purchase_all_for_vendor(window: Window, harness, shop, session_factory) -> None:
    order_id = await order_with_vendors(shop, session_factory, ["Emex"] * 4)
    await harness.tap(SUPPLIER, purchase_act(order_id))
    await harness.send(SUPPLIER, "E-55812")
    await harness.tap_button(SUPPLIER, "через 2 дн.")
    with window.open():
        await harness.tap_button(SUPPLIER, "для всех деталей Emex")
    if window.backend == "postgresql":  # SQLite has no row locks
        window.count("order_locks", 1, _order_locks)


async def test_labour_three_works(window: Window, harness, shop) -> None:
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, labour_act(order_id))
    with window.open():
        await harness.send(HEAD, THREE_WORKS)
    if window.backend == "postgresql":  # SQLite: no row locks, a row an INSERT
        window.count("order_locks", 1, _order_locks)
        window.count("work_inserts", 1, _starts("INSERT INTO order_works"))


async def test_labour_approve(window: Window, harness, shop) -> None:
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, labour_act(order_id))
    await harness.send(HEAD, "Замена колодок 1500")
    with window.open() as seen:
        await harness.tap_button(HEAD, "✅ Утвердить")
    # The step's own statements: up to the inline sender's claim of the notices.
    seen[:] = seen[: next(i for i, s in enumerate(seen) if "FROM notifications" in s)]
    window.count("order_writes", 1, _starts("UPDATE orders"))
    window.count("task_reads", 1, lambda s: "FROM stage_tasks" in s)
    window.count("staff_reads", 0, lambda s: "FROM employees" in s)
    if window.backend == "postgresql":  # SQLite inserts the two audit rows apart
        window.count("statements", 11)


async def test_new_order_save(window: Window, harness, shop) -> None:
    for text in (NEW_ORDER, "+7 903 555 12 34", "Пётр Сидоров", "xtagfl110jy123456"):
        await harness.send(MASTER, text)
    await harness.send(MASTER, "не заводится")
    await harness.send(MASTER, PARTS)
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Пропустить")
    with window.open(with_commits=True) as seen:
        await harness.tap_button(MASTER, "Сохранить")
    first = seen[: seen.index("COMMIT")]
    if window.backend == "postgresql":  # SQLite inserts the journal a row at a time
        window.record("audit_inserts", len([s for s in first if "INSERT INTO audit_log " in s]), 1)
    reads = [" ".join(s.split()) for s in seen if s.lstrip().upper().startswith("SELECT")]
    _new_order_reads(window, reads)
    window.count("order_writes", 1, _starts("UPDATE orders"))


def _new_order_reads(window: Window, reads: list[str]) -> None:
    def count(name: str, budget: int, *needles: str) -> None:
        window.record(name, len([s for s in reads if all(n in s for n in needles)]), budget)

    count("client_reads", 0, "FROM clients WHERE")
    count("phone_reads", 0, "FROM client_phones WHERE client_phones.client_id")
    count("car_reads_by_id", 0, "FROM cars WHERE cars.id")
    count("car_lookups", 1, "FROM cars WHERE")
    count("staff_reads", 1, "FROM employees")
    count("order_car_reads", 0, "FROM orders JOIN cars")
    count("task_reads", 0, "FROM stage_tasks")


async def test_fsm_step_redis(window: Window, session_factory, translator, monkeypatch) -> None:
    """Redis commands of one dialog step: the lock, the answer and next step in one write
    before the screen is sent, the release with the screen's id."""
    from redis.asyncio.connection import AbstractConnection

    await add_employee(session_factory, DEDUPE_MASTER.id, "Сергей", Role.MASTER)
    harness, storage = _redis_process(session_factory, translator)
    key = StorageKey(bot_id=harness.bot.id, chat_id=DEDUPE_MASTER.id, user_id=DEDUPE_MASTER.id)
    sent: list[str] = []
    plain_send = AbstractConnection.send_packed_command

    async def send(self: AbstractConnection, command: object, check_health: bool = True) -> None:
        sent.append(_command(command))
        await plain_send(self, command, check_health)

    try:
        await harness.send(DEDUPE_MASTER, "➕ Новый заказ")
        monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
        await harness.send(DEDUPE_MASTER, "+7 903 555 12 34")
        monkeypatch.undo()
    finally:
        await storage.set_state(key, None)
        await storage.set_data(key, {})
        await storage.close()
    window.record("redis_commands", len(sent), 3)  # EVALSHA (lock), SET, EVALSHA (release)


# --- the alerts' sender and the journal ----------------------------------------------------


async def test_sender_drain(window: Window, harness, session_factory, translator, clock) -> None:
    await _queue(session_factory, clock, [700, 701, 702])
    with window.open(with_commits=True) as seen:
        await _sender(harness, session_factory, translator, clock).drain()
    window.record("commits", seen.count("COMMIT"), 2)  # the claim, the empty claim that ends


async def test_sender_batch_people(
    window: Window, harness, shop, session_factory, translator, clock
) -> None:
    master = shop.employee(Role.MASTER)
    async with session_factory() as session:
        for n in range(4):
            queue.enqueue(
                session, chat_id=MASTER.id, employee_id=master.id, text=f"m{n}", now=clock.now
            )
        await session.commit()
    with window.open():
        await _sender(harness, session_factory, translator, clock).drain()
    window.count("people_lookups", 1, lambda s: "unreachable_employees" in s)


async def test_audit_rows(window: Window, session_factory) -> None:
    with window.open():
        async with session_factory() as session:
            audit.record(session, audit.AuditAction.ORDER_CREATED, entity_type="order", entity_id=1)
            audit.record(session, audit.AuditAction.ORDER_MOVED, entity_type="order", entity_id=1)
            await session.commit()
    if window.backend == "postgresql":  # SQLite inserts a row at a time
        window.count("inserts", 1, _starts("INSERT INTO audit_log"))
