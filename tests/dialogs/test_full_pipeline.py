"""Five people take orders through the whole pipeline in Telegram: the `stobot demo` story
(an album and a video, a send-back from labour to parts pricing with a reason, a partial
delivery) and a second order that the client refuses."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from bot.testing.demo.runner import DemoShop, run_demo
from services.orders import OrderQueries, Stage
from services.staff.roles import Role
from services.storage.models import Order, OrderMedia, StageTask, StageTransition


async def test_the_demo_order_goes_from_first_photo_to_hand_over(session_factory):
    out = io.StringIO()
    shop = await run_demo("ru", out=out, session_factory=session_factory)
    transcript = out.getvalue()
    assert "Traceback" not in transcript
    assert "Готово: заказ № 1 на этапе «Успешно завершено»" in transcript
    async with session_factory() as session:
        order = await session.scalar(select(Order))
        assert order is not None and order.stage == Stage.DONE
        media = (await session.scalars(select(OrderMedia).order_by(OrderMedia.id))).all()
        assert [m.kind for m in media] == ["photo", "photo", "photo", "video"]
        assert {m.media_group_id for m in media[:3]} == {"album-1"}
        moves = (await session.scalars(select(StageTransition).order_by(StageTransition.id))).all()
        back = [m for m in moves if m.reason]
        assert [(m.from_stage, m.to_stage) for m in back] == [("LABOUR_PRICING", "PARTS_PRICING")]
        assert back[0].reason == "Колодки у Emex дешевле — пересчитай, пожалуйста"
        open_tasks = await session.scalar(
            select(func.count()).select_from(StageTask).where(StageTask.status == "open")
        )
        assert open_tasks == 0
        card = await OrderQueries(session).order_card(order.id, await _employee(session, shop))
    assert [p.received_quantity for p in card.parts] == [1, 2, 1]
    assert str(card.totals.grand_total) == "14280.00"
    # The partial delivery was seen by the master as it happened.
    assert transcript.count("Пришла запчасть: Стойка стабилизатора — 1 из 2.") == 1
    assert "✅ Принято: Стойка стабилизатора ×1 (теперь 1/2)." in transcript


async def _employee(session, shop: DemoShop):  # type: ignore[no-untyped-def]
    from services.staff.service import StaffService

    return await StaffService(session).by_telegram_id(shop.people[Role.DIRECTOR].user.id)


async def _refused_order(shop: DemoShop) -> None:
    t = shop.transcript
    master, supplier, head = (shop.people[r] for r in (Role.MASTER, Role.SUPPLIER, Role.HEAD))
    await t.press(master, "➕ Новый заказ")
    await t.type(master, "+7 (903) 555-12-34")
    await t.type(master, "Анна Смирнова")
    await t.type(master, "XTA21099012345678")
    await t.tap(master, "Пропустить")
    await t.type(master, "не заводится в мороз")
    await t.type(master, "Аккумулятор 1")
    await t.tap(master, "Готово")
    await t.tap(master, "Пропустить")
    await t.tap(master, "Сохранить")
    await t.tap(supplier, "Беру")
    await t.tap(supplier, "Оценить запчасти")
    await t.type(supplier, "7000 - Автодок 1")
    await t.tap(head, "Беру")
    await t.tap(head, "Оценить работы")
    await t.type(head, "Замена аккумулятора 500")
    await t.tap(head, "Утвердить")
    await t.tap(master, "Согласовать с клиентом")
    await t.tap(master, "Клиент отказался")
    await t.tap(master, "Дорого")


async def test_a_refused_order_is_cancelled_with_its_reason(session_factory):
    out = io.StringIO()
    await run_demo("ru", out=out, script=_refused_order, session_factory=session_factory)
    assert "Traceback" not in out.getvalue()
    async with session_factory() as session:
        order = await session.scalar(select(Order))
    assert order.stage == Stage.CANCELLED and order.cancel_reason == "Дорого"
