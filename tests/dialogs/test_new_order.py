"""The master's new order: the typical path, its speed, a new client with a new car."""

from __future__ import annotations

from aiogram.methods import EditMessageText, SendMessage
from sqlalchemy import event, func, select

from services.orders import Stage
from services.storage.models import (
    Car,
    CarRelation,
    Client,
    Order,
    OrderMedia,
    OrderPart,
    StageTask,
)
from tests.dialogs.conftest import MASTER, SUPPLIER

NEW_ORDER = "➕ Новый заказ"
PARTS = "Колодки передние 2\nФильтр масляный; 11427953129; 1\nСвеча зажигания x4"


class Counted:
    """The harness, counting every update the master sends (the speed target of ux.md)."""

    def __init__(self, harness) -> None:  # type: ignore[no-untyped-def]
        self.harness = harness
        self.updates = 0

    async def send(self, text: str):  # type: ignore[no-untyped-def]
        self.updates += 1
        return await self.harness.send(MASTER, text)

    async def tap(self, label: str):  # type: ignore[no-untyped-def]
        self.updates += 1
        return await self.harness.tap_button(MASTER, label)

    async def photo(self, group: str | None = None):  # type: ignore[no-untyped-def]
        self.updates += 1
        return await self.harness.send_photo(MASTER, media_group_id=group)

    async def video(self, group: str | None = None, size: int = 5_000_000):  # type: ignore[no-untyped-def]
        self.updates += 1
        return await self.harness.send_video(MASTER, media_group_id=group, size=size)


async def _only_order(session_factory) -> Order:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        return (await session.scalars(select(Order))).one()


async def test_typical_order_known_client_and_car(harness, shop, session_factory):
    master = Counted(harness)
    await master.send(NEW_ORDER)
    screen = harness.screen(MASTER)
    assert "Новый заказ · шаг 1 из 7" in screen and "Телефон клиента?" in screen
    assert "[ ✖️ Отмена ]" in screen

    await master.send("8 (916) 123-45-67")
    screen = harness.screen(MASTER)
    assert "шаг 2 из 7" in screen
    assert "Иван Петров, +7 916 123-45-67" in screen
    assert "[ 🚗 BMW X5 · А123ВС77 ]" in screen and "[ 👤 Другой клиент… ]" in screen
    assert "[ ◀️ Назад ]  [ ✖️ Отмена ]" in screen

    await master.tap("BMW X5 · А123ВС77")
    screen = harness.screen(MASTER)
    assert "шаг 4 из 7" in screen and "🚗 BMW X5 · А123ВС77" in screen
    assert "Жалоба клиента?" in screen

    await _complaint_parts_and_media(harness, master)
    await master.tap("Сохранить")
    order = await _only_order(session_factory)
    assert harness.last_text(MASTER) == f"✅ Заказ № {order.id} создан, передан снабженцу."
    assert master.updates <= 12, master.updates

    await _stored_and_noticed(harness, shop, session_factory, order)


async def _complaint_parts_and_media(harness, master) -> None:  # type: ignore[no-untyped-def]
    await master.send("стук спереди справа")
    assert "шаг 5 из 7" in harness.screen(MASTER)
    await master.send(PARTS)
    screen = harness.screen(MASTER)
    assert "Запчасти (3):" in screen
    assert "1. Колодки передние ×2" in screen
    assert "2. Фильтр масляный (11427953129) ×1" in screen
    assert "3. Свеча зажигания ×4" in screen
    assert "[ ✏️ 1 ]  [ 🗑 1 ]  [ ✏️ 2 ]  [ 🗑 2 ]" in screen
    assert "[ ➕ Ещё ]  [ ✅ Готово ]" in screen

    # An album straight away (no «Готово» needed): one new screen, then edits in place.
    calls = []
    for _ in range(3):
        calls += await master.photo(group="album-1")
    calls += await master.video()
    sent = [c for c in calls if isinstance(c, SendMessage)]
    assert len(sent) == 2  # the album is acknowledged once; the single video once
    assert any(isinstance(c, EditMessageText) for c in calls)
    screen = harness.screen(MASTER)
    assert "шаг 6 из 7" in screen and "Фото: 3, видео: 1" in screen

    await master.tap("Готово")
    screen = harness.screen(MASTER)
    assert "шаг 7 из 7" in screen
    assert "Иван Петров, +7 916 123-45-67" in screen
    assert "🚗 BMW X5 · А123ВС77" in screen
    assert "📝 стук спереди справа" in screen
    assert "Запчасти (3):" in screen and "Фото: 3, видео: 1" in screen
    assert "[ ✅ Сохранить ]" in screen


async def _stored_and_noticed(harness, shop, session_factory, order) -> None:  # type: ignore[no-untyped-def]
    assert order.stage == Stage.PARTS_PRICING.value
    assert order.client_id == shop.client_id and order.car_id == shop.car_id
    assert order.complaint == "стук спереди справа"
    async with session_factory() as session:
        parts = (await session.scalars(select(OrderPart).order_by(OrderPart.position))).all()
        media = (await session.scalars(select(OrderMedia).order_by(OrderMedia.id))).all()
    assert [(p.name, p.article, int(p.quantity)) for p in parts] == [
        ("Колодки передние", None, 2),
        ("Фильтр масляный", "11427953129", 1),
        ("Свеча зажигания", None, 4),
    ]
    assert [m.kind for m in media] == ["photo", "photo", "photo", "video"]
    assert [m.media_group_id for m in media] == ["album-1"] * 3 + [None]
    assert media[3].file_size == 5_000_000 and media[0].file_unique_id

    notice = harness.screen(SUPPLIER)
    assert f"Калькуляция запчастей · № {order.id}" in notice
    assert "BMW X5 · А123ВС77" in notice and "Беру" in notice


async def test_new_client_and_new_car_by_vin(harness, shop, session_factory):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+7 903 555 12 34")
    screen = harness.screen(MASTER)
    assert "Номер +7 903 555-12-34 новый" in screen and "Как зовут клиента?" in screen
    assert "[ Без имени ]" in screen
    await harness.send(MASTER, "Пётр Сидоров")
    screen = harness.screen(MASTER)
    assert "шаг 3 из 7" in screen and "VIN или госномер" in screen
    await harness.send(MASTER, "xtagfl110jy123456")
    screen = harness.screen(MASTER)
    assert "шаг 4 из 7" in screen
    assert "AvtoVAZ Vesta (2018) · VIN XTAGFL110JY123456 — новый автомобиль" in screen
    await harness.send(MASTER, "не заводится")
    await harness.tap_button(MASTER, "Без запчастей")
    await harness.tap_button(MASTER, "Пропустить")
    screen = harness.screen(MASTER)
    assert "Новый клиент: Пётр Сидоров, +7 903 555-12-34" in screen
    assert "🔩 Без запчастей" in screen and "Фото: 0, видео: 0" in screen
    await harness.tap_button(MASTER, "Сохранить")

    order = await _only_order(session_factory)
    # No parts: pricing is passed straight on.
    assert order.stage == Stage.LABOUR_PRICING.value
    assert harness.last_text(MASTER) == (
        f"✅ Заказ № {order.id} создан, передан на калькуляцию работ."
    )
    async with session_factory() as session:
        client = await session.get(Client, order.client_id)
        car = await session.get(Car, order.car_id)
        owners = (
            await session.scalars(select(CarRelation).where(CarRelation.car_id == car.id))
        ).all()
        await session.refresh(client, ["phones"])
    assert client.full_name == "Пётр Сидоров"
    assert [p.phone for p in client.phones] == ["+79035551234"]
    assert (car.vin, car.make, car.model, car.year) == (
        "XTAGFL110JY123456",
        "AvtoVAZ",
        "Vesta",
        2018,
    )
    assert [(r.client_id, r.kind) for r in owners] == [(client.id, "owner")]


async def test_new_car_by_plate_asks_make_and_model(harness, shop, session_factory):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+79161234567")
    await harness.tap_button(MASTER, "Это он, другое авто")
    screen = harness.screen(MASTER)
    assert "[ 🚗 BMW X5 · А123ВС77 ]" in screen  # still one tap away
    await harness.send(MASTER, "в 777 ор 799")
    screen = harness.screen(MASTER)
    assert "Новый автомобиль: В777ОР799" in screen and "Марка и модель" in screen
    assert "[ ⏭ Пропустить ]" in screen
    await harness.send(MASTER, "Лада Веста 2019")
    assert "🚗 Лада Веста (2019) · В777ОР799 — новый автомобиль" in harness.screen(MASTER)
    await harness.send(MASTER, "ТО")
    await harness.send(MASTER, "Масло 5W30 4л")
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Пропустить")
    await harness.tap_button(MASTER, "Сохранить")
    order = await _only_order(session_factory)
    async with session_factory() as session:
        car = await session.get(Car, order.car_id)
        cars = await session.scalar(select(func.count()).select_from(Car))
    assert (car.plate, car.vin, car.make, car.model, car.year) == (
        "В777ОР799",
        None,
        "Лада",
        "Веста",
        2019,
    )
    assert cars == 2 and order.client_id == shop.client_id


async def test_saving_is_one_transaction(harness, shop, session_factory, db_engine):
    """The client, the car and the order (with its notices) are saved together or not at all.
    What the save reads and writes, in statements: `python -m bench.statements`."""
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+7 903 555 12 34")
    await harness.send(MASTER, "Пётр Сидоров")
    await harness.send(MASTER, "xtagfl110jy123456")
    await harness.send(MASTER, "не заводится")
    await harness.send(MASTER, PARTS)
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Пропустить")
    statements: list[str] = []

    def seen(*args) -> None:  # type: ignore[no-untyped-def]
        statements.append(args[2])

    # Commits go into the statement list: the first transaction must hold all the inserts.
    def mark_commit(_connection) -> None:  # type: ignore[no-untyped-def]
        statements.append("COMMIT")

    event.listen(db_engine.sync_engine, "before_cursor_execute", seen, named=False)
    event.listen(db_engine.sync_engine, "commit", mark_commit)
    try:
        await harness.tap_button(MASTER, "Сохранить")
    finally:
        event.remove(db_engine.sync_engine, "commit", mark_commit)
        event.remove(db_engine.sync_engine, "before_cursor_execute", seen)

    order = await _only_order(session_factory)
    assert harness.last_text(MASTER).startswith(f"✅ Заказ № {order.id} создан")
    first = statements[: statements.index("COMMIT")]
    for table in ("clients", "cars", "car_relations", "orders", "notifications"):
        assert [s for s in first if s.startswith(f"INSERT INTO {table} ")], (table, first)
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(OrderPart)) == 3
        tasks = (await session.scalars(select(StageTask))).all()
    assert [(t.order_id, t.stage) for t in tasks] == [(order.id, Stage.PARTS_PRICING.value)]
