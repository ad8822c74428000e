"""Forged buttons inside an open dialog: the dialog's own prefixes with values no keyboard
drew (a part of another order, a day that does not exist, an index past the list, a number
that is no number). The dialog stays usable, nobody sees a traceback's apology, and nothing
in the database changes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from aiogram_dialog.utils import CB_SEP
from sqlalchemy import select

from bot.callbacks import OrderCallback
from services.orders import Stage
from services.staff.roles import Role
from services.storage.models import OrderPart
from tests.dialogs.conftest import PEOPLE
from tests.security.conftest import db_state, texts_seen

UNEXPECTED = "Что-то пошло не так"


@dataclass(frozen=True)
class InDialog:
    who: Role
    stage: Stage | None  # the order's stage; None: the dialog starts from the menu
    steps: tuple[str, ...]  # "tap:<label>" taps a drawn button, anything else is typed
    # {o}: this order, {p}: its part; {x}, {xp}: another order's; {i}: the open aiogram-dialog's
    # intent, as its buttons carry it
    forged: tuple[str, ...]
    action: str = "act"  # the card's button that opens it (when `stage` is set)


DIALOGS = {
    "pricing-purchase": InDialog(
        Role.SUPPLIER,
        Stage.PARTS_PRICING,
        (),
        ("{i}wp:{xp}", "{i}wp:987654", "{i}w1:d1", "{i}w0:v0", "{i}zzz"),
    ),
    "pricing-vendor": InDialog(
        Role.SUPPLIER,
        Stage.PARTS_PRICING,
        ("4200", "tap:по наценке"),
        ("{i}w1:vabc", "{i}w1:v99", "{i}w1:v", "{i}w0:kzzz", "{i}w0:k"),
    ),
    "pricing-days": InDialog(
        Role.SUPPLIER,
        Stage.PARTS_PRICING,
        ("4200", "tap:по наценке", "Автодок"),
        ("{i}w1:dabc", "{i}w1:d-5", "{i}w1:d99999999999", "{i}w1:d", "{i}w1:d²"),
    ),
    "labour": InDialog(
        Role.HEAD,
        Stage.LABOUR_PRICING,
        (),
        ("{i}wr:abc", "{i}wr:-1", "{i}wa:zzz", "{i}zzz", "{i}wr:987654"),
    ),
    "approval-decision": InDialog(
        Role.MASTER,
        Stage.CLIENT_APPROVAL,
        (),
        ("{i}wk", "{i}wr:zzz", "{i}wq:2030-01-01", "{i}zz", "pk:ap:zzz"),
    ),
    "approval-date": InDialog(
        Role.MASTER,
        Stage.CLIENT_APPROVAL,
        ("tap:Клиент согласен",),
        (
            "{i}wc:99999999999999",
            "{i}wc:" + "9" * 5000,
            "{i}wc:0",
            "{i}wc:-5",
            "{i}wc:M",
            "{i}wc:MONTH13",
            "{i}wc:YEAR0",
            "{i}wc:-",
            "{i}wq:garbage",
            "{i}wq:1999-01-01",
            "{i}wq:9999-12-31",
            "{i}ws:0900",
        ),
    ),
    "approval-time": InDialog(
        Role.MASTER,
        Stage.CLIENT_APPROVAL,
        ("tap:Клиент согласен", "tap:послезавтра"),
        ("{i}ws:9999", "{i}ws:ab", "{i}ws:", "{i}ws:2460", "{i}wk"),
    ),
    "approval-refusal": InDialog(
        Role.MASTER,
        Stage.CLIENT_APPROVAL,
        ("tap:Клиент отказался",),
        ("{i}wr:zzz", "{i}wr:", "{i}wr:error-unexpected"),
    ),
    "purchase": InDialog(
        Role.SUPPLIER,
        Stage.PARTS_PURCHASE,
        (),
        ("{i}w1:sabc", "{i}w1:s99", "{i}w1:tgarbage", "{i}wp:{xp}", "{i}zzz"),
    ),
    "purchase-date": InDialog(
        Role.SUPPLIER,
        Stage.PARTS_PURCHASE,
        ("E-555",),
        ("{i}w1:tgarbage", "{i}w1:t1999-01-01", "{i}w1:t", "{i}w1:s-1"),
    ),
    "receiving": InDialog(
        Role.STOREKEEPER,
        Stage.AWAITING_DELIVERY,
        (),
        ("p:rcv:{x}:{xp}", "{i}wp:{xp}", "{i}wp:987654", "{i}wp:abc", "{i}w0:5", "{i}zz"),
    ),
    "receiving-quantity": InDialog(
        Role.STOREKEEPER,
        Stage.AWAITING_DELIVERY,
        ("tap:Колодки",),
        ("{i}w0:-5", "{i}w0:abc", "{i}w0:99999", "{i}w0:0", "{i}w0:", "{i}w1:NaN", "x\x1dwb"),
    ),
    "pre-issue": InDialog(
        Role.MASTER,
        Stage.PRE_ISSUE_CHECK,
        (),
        ("{i}wc:zzz", "{i}wc:", "{i}wc:p987654", "{i}wi:zzz", "{i}w0:1"),
    ),
    "send-back": InDialog(
        Role.HEAD,
        Stage.LABOUR_PRICING,
        (),
        ("{i}wt:NEW", "{i}wt:CLIENT_APPROVAL", "{i}wt:zzz", "{i}wt:", "{i}wr:self", "{i}zz"),
        action="back",
    ),
    "send-back-reason": InDialog(
        Role.HEAD,
        Stage.LABOUR_PRICING,
        ("tap:Калькуляция запчастей",),
        ("{i}wt:PARTS_PRICING", "{i}wr:expensive", "{i}wx:1", "{i}zz"),
        action="back",
    ),
    "send-back-storekeeper": InDialog(
        Role.STOREKEEPER,
        Stage.AWAITING_DELIVERY,
        (),
        ("{i}wt:PARTS_PRICING", "{i}wt:CLIENT_APPROVAL", "{i}wt:PRE_ISSUE_CHECK"),
        action="back",
    ),
    "cancel": InDialog(
        Role.MASTER,
        Stage.CLIENT_APPROVAL,
        (),
        ("{i}wr:zzz", "{i}wr:", "{i}wr:cancel-reason-self", "{i}wt:PARTS_PRICING", "{i}wb"),
        action="cancel",
    ),
    "new-order": InDialog(
        Role.MASTER,
        None,
        ("➕ Новый заказ",),
        ("{i}wc:abc", "{i}wc:987654", "{i}wk", "{i}wo", "{i}zz", "pk:car:abc"),
    ),
    "new-order-car": InDialog(
        Role.MASTER,
        None,
        ("➕ Новый заказ", "+7 916 123-45-67"),
        ("{i}wc:abc", "{i}wc:987654", "{i}wc:-1", "{i}wc:", "{i}wt:zzz", "{i}wp:e99"),
    ),
    "director-staff": InDialog(
        Role.DIRECTOR,
        None,
        ("/staff",),
        ("{i}wp:987654", "{i}wp:99999999999999999999", "{i}wp:abc", "{i}wp:", "{i}wb:5", "{i}zz"),
    ),
    "director-staff-card": InDialog(
        Role.DIRECTOR,
        None,
        ("/staff", "tap:Сергей Мастеров"),
        ("{i}wr:god", "{i}wr:", "{i}wr:director:x", "{i}wy", "{i}wu:12", "{i}wk:1"),
    ),
    "director-staff-bitrix": InDialog(
        Role.DIRECTOR,
        None,
        ("/staff", "tap:Сергей Мастеров", "tap:Битрикс24", "abc", "-5"),
        ("{i}wu:12", "{i}wu:abc", "{i}wr:director", "{i}wy"),
    ),
    "director-phones": InDialog(
        Role.DIRECTOR,
        None,
        ("/settings",),
        ("{i}wr:director", "{i}wr:god", "{i}wr:", "{i}wr:master:x", "{i}zz"),
    ),
}


async def _first_part(shop, order_id: int) -> int:  # type: ignore[no-untyped-def]
    async with shop.session_factory() as session:
        part = await session.scalar(
            select(OrderPart).where(OrderPart.order_id == order_id).order_by(OrderPart.id)
        )
        assert part is not None
        return part.id


def _intent(harness, person) -> str:  # type: ignore[no-untyped-def]
    """The intent id the newest aiogram-dialog button carries, with its separator."""
    for shown in reversed(list(harness.session.chats[person.id].values())):
        for row in getattr(shown.markup, "inline_keyboard", None) or []:
            for button in row:
                if CB_SEP in (button.callback_data or ""):
                    return str(button.callback_data.split(CB_SEP)[0] + CB_SEP)
    return ""


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_forged_buttons_inside_a_dialog(harness, shop, session_factory, name) -> None:
    case = DIALOGS[name]
    person = PEOPLE[case.who]
    ids = {"o": 0, "p": 0, "x": 0, "xp": 0}
    if case.stage is not None:
        other = await shop.order_at(case.stage)
        order_id = await shop.order_at(case.stage)
        ids = {
            "o": order_id,
            "p": await _first_part(shop, order_id),
            "x": other,
            "xp": await _first_part(shop, other),
        }
        act = OrderCallback(action=case.action, order_id=order_id, stage=case.stage.value).pack()
        await harness.tap(person, act)
    for step in case.steps:
        if step.startswith("tap:"):
            await harness.tap_button(person, step[4:])
        else:
            await harness.send(person, step)
    assert UNEXPECTED not in harness.screen(person, last=3)
    before = await db_state(session_factory)
    failures = []
    for forged in case.forged:
        data = forged.format(**ids, i=_intent(harness, person))
        seen = texts_seen(await harness.tap(person, data))
        if any(UNEXPECTED in text for text in seen):
            failures.append(f"{data!r}: the apology of a traceback")
        if await db_state(session_factory) != before:
            failures.append(f"{data!r}: the database changed")
            before = await db_state(session_factory)
    assert not failures, "\n".join(failures)
    # The dialog still answers: /cancel leaves it politely.
    assert UNEXPECTED not in texts_seen(await harness.send(person, "/cancel"))
