"""The stage button names the work of the stage («💰 Оценить запчасти»), never a generic
«Действие этапа»: on the order card, on a notice once the task is taken, in both languages."""

from __future__ import annotations

import pytest

from bot.callbacks import OrderCallback
from bot.i18n import Translator
from bot.render.orders import act_label
from services.orders import Stage
from services.staff.roles import Role
from tests.dialogs.conftest import PEOPLE

BUTTONS = [
    (Stage.PARTS_PRICING, Role.SUPPLIER, "💰 Оценить запчасти"),
    (Stage.LABOUR_PRICING, Role.HEAD, "🔧 Оценить работы"),
    (Stage.CLIENT_APPROVAL, Role.MASTER, "📞 Согласовать с клиентом"),
    (Stage.PARTS_PURCHASE, Role.SUPPLIER, "🛒 Заказать у поставщиков"),
    (Stage.AWAITING_DELIVERY, Role.STOREKEEPER, "📦 Принять запчасти"),
    (Stage.PRE_ISSUE_CHECK, Role.MASTER, "🔍 Проверить и выдать"),
]


@pytest.mark.parametrize(("stage", "owner", "label"), BUTTONS)
async def test_card_button_names_the_stage_work(harness, shop, stage, owner, label):
    order_id = await shop.order_at(stage)
    person = PEOPLE[owner]
    await harness.tap(person, OrderCallback(action="open", order_id=order_id, stage=stage).pack())
    card = harness.screen(person)
    assert f"[ {label} ]" in card
    assert "Действие этапа" not in card
    # The button opens that stage's work.
    await harness.tap_button(person, label)
    assert f"№ {order_id}" in harness.screen(person)


def test_every_stage_with_work_has_its_label_in_both_languages():
    translator = Translator("ru")
    ru, en = translator.get("ru"), translator.get("en")
    for stage, _, label in BUTTONS:
        assert act_label(ru, stage) == label
        english = act_label(en, stage)
        assert english and english != label and "Stage action" not in english
