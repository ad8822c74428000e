"""New order, step 3: a car that is on file under another client."""

from __future__ import annotations

from sqlalchemy import select

from services.orders import Stage
from services.storage.models import AuditEvent, CarRelation, Order
from tests.dialogs.conftest import CAR_VIN, MASTER

NEW_ORDER = "➕ Новый заказ"


async def _to_other_owner_question(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "89035551234")
    await harness.send(MASTER, "Пётр Сидоров")
    await harness.send(MASTER, CAR_VIN.lower())
    screen = harness.screen(MASTER)
    assert "шаг 3 из 7" in screen
    assert (
        "BMW X5 (2019) · А123ВС77 записан на другого клиента: Иван Петров, +7 9•• •••-45-67."
        in screen
    )
    assert "[ 🔁 Сменился владелец ]" in screen and "[ 🚗 Водитель, не владелец ]" in screen
    assert "Другая машина" not in screen  # found by VIN: certainly this car


async def _finish(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send(MASTER, "плановое ТО")
    await harness.send(MASTER, "Масло 5W30; ; 5")
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Пропустить")


async def _relations(session_factory, car_id: int) -> list[tuple[int, str, str | None, bool]]:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        rows = await session.scalars(
            select(CarRelation).where(CarRelation.car_id == car_id).order_by(CarRelation.id)
        )
        return [(r.client_id, r.kind, r.note, r.until is None) for r in rows]


async def test_vin_of_another_client_owner_changed(harness, shop, session_factory):
    await _to_other_owner_question(harness)
    await harness.tap_button(MASTER, "Сменился владелец")
    assert "🚗 BMW X5 (2019) · А123ВС77 — сменился владелец" in harness.screen(MASTER)
    await _finish(harness)
    assert "Новый клиент: Пётр Сидоров, +7 903 555-12-34" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Сохранить")

    async with session_factory() as session:
        order = (await session.scalars(select(Order))).one()
        events = (await session.scalars(select(AuditEvent.action))).all()
    assert order.car_id == shop.car_id and order.client_id != shop.client_id
    assert order.stage == Stage.PARTS_PRICING.value
    # The old owner's row is closed, not deleted: the car's history is kept.
    assert await _relations(session_factory, shop.car_id) == [
        (shop.client_id, "owner", None, False),
        (order.client_id, "owner", None, True),
    ]
    assert "car.owner_changed" in events and "client.created" in events


async def test_vin_of_another_client_driver_not_owner(harness, shop, session_factory):
    await _to_other_owner_question(harness)
    await harness.tap_button(MASTER, "Водитель, не владелец")
    screen = harness.screen(MASTER)
    assert "кем водитель приходится владельцу?" in screen
    assert "[ сын ]  [ дочь ]  [ супруг(а) ]" in screen and "[ Без пометки ]" in screen
    await harness.tap_button(MASTER, "◀️ Назад")  # back to the question, then the same answer
    assert "[ 🔁 Сменился владелец ]" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Водитель, не владелец")
    await harness.send(MASTER, "племянник")
    assert "🚗 BMW X5 (2019) · А123ВС77 — водитель (племянник)" in harness.screen(MASTER)
    await _finish(harness)
    await harness.tap_button(MASTER, "Сохранить")

    async with session_factory() as session:
        order = (await session.scalars(select(Order))).one()
    assert order.car_id == shop.car_id
    assert await _relations(session_factory, shop.car_id) == [
        (shop.client_id, "owner", None, True),
        (order.client_id, "driver", "племянник", True),
    ]


async def test_driver_note_by_button(harness, shop, session_factory):
    await _to_other_owner_question(harness)
    await harness.tap_button(MASTER, "Водитель, не владелец")
    await harness.tap_button(MASTER, "сын")
    assert "— водитель (сын)" in harness.screen(MASTER)
    await _finish(harness)
    await harness.tap_button(MASTER, "Сохранить")
    async with session_factory() as session:
        order = (await session.scalars(select(Order))).one()
    assert (order.client_id, "driver", "сын", True) in await _relations(
        session_factory, shop.car_id
    )


async def test_plate_of_another_clients_car_may_be_another_car(harness, shop, session_factory):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "89035551234")
    await harness.tap_button(MASTER, "Без имени")
    await harness.send(MASTER, "а123вс77")
    assert "[ 🆕 Другая машина с тем же номером ]" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Другая машина")
    assert "Новый автомобиль: А123ВС77" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Пропустить")
    assert "🚗 А123ВС77 — новый автомобиль" in harness.screen(MASTER)
    await _finish(harness)
    assert "Новый клиент: без имени, +7 903 555-12-34" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Сохранить")
    async with session_factory() as session:
        order = (await session.scalars(select(Order))).one()
    assert order.car_id != shop.car_id
    assert await _relations(session_factory, order.car_id) == [
        (order.client_id, "owner", None, True)
    ]
    assert await _relations(session_factory, shop.car_id) == [(shop.client_id, "owner", None, True)]
