"""A send-back reaches the person who must act on it: the reason and who gave it (name and
role) are in their new-task notice and on top of the screen where the work is redone, until
that stage's work is done."""

from __future__ import annotations

import pytest

from bot.callbacks import OrderCallback
from bot.testing.fake_telegram import TelegramUser
from services.alerts import answers
from services.orders import OrderWork, Stage
from services.staff.roles import Role
from services.storage.models import Employee, Order
from tests.dialogs.conftest import DIRECTOR, HEAD, MASTER, PEOPLE, STOREKEEPER, SUPPLIER

REASON = "Колодки дорогие — найди оригинал дешевле"


def _card(order_id: int, stage: Stage) -> str:
    return OrderCallback(action="open", order_id=order_id, stage=stage.value).pack()


async def _stage(session_factory, order_id: int) -> Stage:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        return Stage(order.stage)


async def test_head_send_back_reason_stays_with_the_supplier_until_repriced(
    harness, shop, session_factory
):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(
        HEAD, OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    await harness.tap_button(HEAD, "↩️ Вернуть на калькуляцию запчастей")
    await harness.send(HEAD, REASON)

    notice = harness.screen(SUPPLIER)
    assert f"💰 Калькуляция запчастей · № {order_id}" in notice
    assert "Новая задача" in notice
    assert "Пётр Руководов (руководитель СТО)" in notice
    assert f"«{REASON}»" in notice
    # The master hears of the move, and why.
    assert f"«{REASON}»" in harness.last_text(MASTER)

    await harness.tap_button(SUPPLIER, "🙋 Беру")
    # The stage button names the work.
    assert "[ 💰 Оценить запчасти ]" in harness.screen(SUPPLIER)
    assert "Действие этапа" not in harness.screen(SUPPLIER)
    await harness.tap_button(SUPPLIER, "💰 Оценить запчасти")
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("↩️ Возврат с этапа «Калькуляция работ»")
    assert "Пётр Руководов (руководитель СТО)" in screen and f"«{REASON}»" in screen
    assert "все запчасти оценены" in screen  # the overview, under the reason

    # Correcting a part: the reason stays on top of every step.
    await harness.tap_button(SUPPLIER, "✏️ 1. Колодки передние")
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("↩️ Возврат с этапа") and "часть 1 из 2" in screen
    await harness.send(SUPPLIER, "900 - Emex 2")
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("↩️ Возврат с этапа") and f"«{REASON}»" in screen

    # The work is done: the order moves on and the reason is gone.
    await harness.tap_button(SUPPLIER, "✅ Передать на")
    assert await _stage(session_factory, order_id) == Stage.LABOUR_PRICING
    assert REASON not in harness.screen(SUPPLIER)
    await harness.tap(
        HEAD, OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    assert REASON not in harness.screen(HEAD)
    # Opened again later, the supplier's stage shows no stale reason either.
    assert "Возврат с этапа" not in harness.screen(HEAD)


# (stage sent back from, who sends it, target stage, its owner, the owner's stage button,
#  how the sender is named)
CASES = [
    (
        Stage.CLIENT_APPROVAL,
        Role.MASTER,
        Stage.LABOUR_PRICING,
        Role.HEAD,
        "🔧 Оценить работы",
        "Сергей Мастеров (мастер-приёмщик)",
    ),
    (
        Stage.PARTS_PURCHASE,
        Role.SUPPLIER,
        Stage.CLIENT_APPROVAL,
        Role.MASTER,
        "📞 Согласовать с клиентом",
        "Олег Снабженцев (снабженец)",
    ),
    (
        Stage.AWAITING_DELIVERY,
        Role.MASTER,
        Stage.PARTS_PURCHASE,
        Role.SUPPLIER,
        "🛒 Заказать у поставщиков",
        "Сергей Мастеров (мастер-приёмщик)",
    ),
    (
        Stage.PRE_ISSUE_CHECK,
        Role.DIRECTOR,
        Stage.AWAITING_DELIVERY,
        Role.STOREKEEPER,
        "📦 Принять запчасти",
        "Ирина Директорова (директор)",
    ),
]


@pytest.mark.parametrize(("source", "sender", "target", "owner", "button", "who"), CASES)
async def test_send_back_from_the_card_reaches_the_stage_owner(
    harness, shop, session_factory, source, sender, target, owner, button, who
):
    order_id = await shop.order_at(source)
    by: TelegramUser = PEOPLE[sender]
    await harness.tap(by, OrderCallback(action="back", order_id=order_id, stage=source).pack())
    await harness.tap_button(by, _stage_name(target))
    await harness.send(by, REASON)
    assert await _stage(session_factory, order_id) == target

    person = PEOPLE[owner]
    notice = harness.screen(person)
    assert "Новая задача" in notice and who in notice and f"«{REASON}»" in notice
    if "🙋 Беру" in notice:
        await harness.tap_button(person, "🙋 Беру")
    await harness.tap_button(person, button)
    screen = harness.screen(person)
    assert screen.startswith("↩️ Возврат с этапа"), screen
    assert who in screen and f"«{REASON}»" in screen


async def test_the_storekeeper_sends_back_from_delivery_to_the_purchase_only(
    harness, shop, session_factory
):
    """He receives the parts: the purchase that feeds delivery is the one stage he is offered
    (a button forged for another: tests/security/test_forged_in_dialogs.py)."""
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    back = OrderCallback(action="back", order_id=order_id, stage=Stage.AWAITING_DELIVERY.value)
    await harness.tap(STOREKEEPER, back.pack())
    screen = harness.screen(STOREKEEPER)
    assert screen == (
        f"🚚 Ожидание поставки · № {order_id}\nНа какой этап вернуть заказ?\n"
        "  [ Закупка запчастей ]\n  [ ✖️ Отмена ]"
    ), screen
    await harness.tap_button(STOREKEEPER, "Закупка запчастей")
    await harness.send(STOREKEEPER, "Пришла не та стойка")
    assert harness.last_text(STOREKEEPER) == (
        f"Заказ № {order_id} возвращён на этап «Закупка запчастей»."
    )
    assert await _stage(session_factory, order_id) == Stage.PARTS_PURCHASE


async def test_vendor_cancelled_part_goes_back_to_pricing_with_the_reason(
    harness, shop, session_factory
):
    """«Отменить у поставщика» from a delivery alert sends the order back to pricing."""
    order_id = await shop.order_at(Stage.AWAITING_DELIVERY)
    async with session_factory() as session:
        supplier = await session.get(Employee, shop.employee(Role.SUPPLIER).id)
        order = await session.get(Order, order_id)
        assert supplier is not None and order is not None
        part_id = order.parts[0].id
        await answers.cancel_at_vendor(OrderWork(session), supplier, part_id, "Emex не везёт")
    assert await _stage(session_factory, order_id) == Stage.PARTS_PRICING
    await harness.tap(
        SUPPLIER, OrderCallback(action="act", order_id=order_id, stage="PARTS_PRICING").pack()
    )
    screen = harness.screen(SUPPLIER)
    assert screen.startswith("↩️ Возврат с этапа «Ожидание поставки»")
    assert "Олег Снабженцев (снабженец)" in screen and "«Emex не везёт»" in screen


async def test_a_director_reassigning_the_task_passes_the_reason_on(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(
        HEAD, OrderCallback(action="back", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    await harness.tap_button(HEAD, "Калькуляция запчастей")
    await harness.send(HEAD, REASON)
    await harness.tap(DIRECTOR, _card(order_id, Stage.PARTS_PRICING))
    await harness.tap_button(DIRECTOR, "👤 Передать задачу")
    await harness.tap_button(DIRECTOR, "Олег Снабженцев")
    notice = harness.last_text(SUPPLIER)
    assert "Новая задача" in notice and f"«{REASON}»" in notice
    assert "Пётр Руководов (руководитель СТО)" in notice


def _stage_name(stage: Stage) -> str:
    return {
        Stage.PARTS_PRICING: "Калькуляция запчастей",
        Stage.LABOUR_PRICING: "Калькуляция работ",
        Stage.CLIENT_APPROVAL: "Согласование с клиентом",
        Stage.PARTS_PURCHASE: "Закупка запчастей",
        Stage.AWAITING_DELIVERY: "Ожидание поставки",
    }[stage]


async def test_back_from_parts_pricing_says_nowhere_and_journals_no_refusal(
    harness, shop, session_factory
):
    """A card drawn by an older version still offers «↩️» at parts pricing: the director's tap
    is told there is nowhere to go back to, and is no refused access in the journal."""
    from sqlalchemy import func, select

    from services.storage.models import AuditEvent

    order_id = await shop.order_at(Stage.PARTS_PRICING)
    back = OrderCallback(action="back", order_id=order_id, stage=Stage.PARTS_PRICING.value)
    calls = await harness.tap(DIRECTOR, back.pack())
    [answer] = [c for c in calls if type(c).__name__ == "AnswerCallbackQuery"]
    assert answer.text == "Раньше этого этапа вернуть некуда."
    async with session_factory() as session:
        refused = await session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "access.refused")
        )
    assert refused == 0
