"""A day of work in both places people read: every message the five staff get in Telegram and
everything the deal shows in Bitrix24, built by the real code from real orders, reads as text
(see tests/raw_forms.py for what must never show: stage codes, ISO dates, `3100.00`, `None`...).

The day is the `stobot demo` story (an order with a booking, priced and re-priced parts, works, a
send-back, a vendor order and a partial delivery) plus a second order the client turns down, the
lists each role opens, and every kind of alert and notice; then the relay sends the outbox to
the fake portal and every timeline comment, deal and task text there is read too. Fluent errors
(a missing argument renders as a bare word) fail it as well.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.alerts.notify import Notifier
from bot.alerts.render import render_alert, render_digest
from bot.alerts.sender import Sender
from bot.i18n import Translator
from bot.testing.demo.runner import DemoShop, run_demo
from bot.testing.demo.script import run_script
from services.alerts.alert import Alert, AlertKind
from services.alerts.config import AlertSettings
from services.alerts.digest import build_digest
from services.crm.mirror.context import ShopFormat
from services.orders import Stage
from services.orders.notices import Notice, NoticeKind
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Notification, Order, OrderPart, StageTask
from tests.mirror.portal import drain, set_up
from tests.raw_forms import fluent_errors, raw_forms

SHOP = ShopFormat()


async def _day(shop: DemoShop) -> None:
    await run_script(shop)
    t = shop.transcript
    lang = t.people[0].user.language_code or "ru"
    label = Translator("ru").get(lang).raw
    master, supplier, head, storekeeper, director = (
        shop.people[r]
        for r in (Role.MASTER, Role.SUPPLIER, Role.HEAD, Role.STOREKEEPER, Role.DIRECTOR)
    )
    # The lists each role opens after the day.
    await t.press(master, label("menu-my-orders"))
    await t.press(master, label("menu-my-tasks"))
    await t.press(supplier, label("menu-deliveries"))
    await t.press(head, label("menu-overdue"))
    await t.press(storekeeper, label("menu-receiving"))
    await t.press(director, label("menu-orders"))
    await t.press(director, label("menu-report"))
    await t.tap(director, label("report-btn-today"))
    await t.press(director, label("menu-staff"))
    await t.tap(director, label("staff-btn-journal"))
    await t.press(director, label("menu-sync"))
    # A second order, which the client turns down: its cancel reaches everyone on it.
    await t.press(master, label("menu-new-order"))
    await t.type(master, "+7 (903) 555-12-34")
    await t.type(master, "Анна Смирнова")
    await t.type(master, "XTA21099012345678")
    await t.tap(master, label("new-order-btn-skip"))
    await t.type(master, "не заводится в мороз")
    await t.type(master, "Аккумулятор 1")
    await t.tap(master, label("new-order-btn-done"))
    await t.tap(master, label("new-order-btn-skip"))
    await t.tap(master, label("new-order-btn-save"))
    await t.tap(supplier, label("notice-btn-take"))
    await t.tap(supplier, label("card-btn-act-PARTS_PRICING"))
    await t.type(supplier, "7000 - Автодок 1")
    await t.tap(head, label("notice-btn-take"))
    await t.tap(head, label("card-btn-act-LABOUR_PRICING"))
    await t.type(head, "Замена аккумулятора 500")
    await t.tap(head, label("labour-btn-approve"))
    await t.tap(master, label("card-btn-act-CLIENT_APPROVAL"))
    await t.tap(master, label("approval-btn-refused"))
    await t.tap(master, label("cancel-reason-expensive"))


class _NoSender(Sender):
    """Notices are rendered and queued here, never sent."""

    def __init__(self) -> None:
        pass

    async def queued(self, ids: list[int]) -> None:  # pragma: no cover - never delivered
        raise AssertionError("not sent in this test")


async def _alerts_and_notices(shop: DemoShop, lang: str) -> list[str]:
    """Every kind of alert and notice, rendered by the bot for the first order."""
    translator = Translator("ru")
    l10n = translator.get(lang)
    tz = SHOP.tz
    texts: list[str] = []
    async with shop.session_factory() as session:
        director = await StaffService(session).by_telegram_id(shop.people[Role.DIRECTOR].user.id)
        assert director is not None
        order = await session.scalar(select(Order).order_by(Order.id))
        assert order is not None
        task = await session.scalar(
            select(StageTask).where(StageTask.order_id == order.id).order_by(StageTask.id)
        )
        part = await session.scalar(
            select(OrderPart).where(OrderPart.order_id == order.id).order_by(OrderPart.id)
        )
        assert task is not None and part is not None and part.vendor_order_no
        at = datetime(2026, 12, 10, 7, 0, tzinfo=UTC).isoformat()
        to = (director.id, order.id)
        alerts = [
            Alert(AlertKind.TASK_OVERDUE, *to, task_id=task.id),
            Alert(AlertKind.DELIVERY_CHECK, *to, part_id=part.id, extra={"days": 3}),
            Alert(AlertKind.DELIVERY_CHECK, *to, part_id=part.id, extra={"days": -2}),
            Alert(AlertKind.REMINDER_EVENING, *to, extra={"at": at}),
            Alert(AlertKind.REMINDER_SOON, *to, extra={"at": at}),
        ]
        for alert in alerts:
            text, _ = await render_alert(session, l10n, alert, tz)
            texts.append(text)
        now = datetime.now(UTC) + timedelta(days=1)
        digest = await build_digest(session, now, AlertSettings().work_hours(tz))
        texts.append(render_digest(l10n, digest))
        # Each kind of notice, to the director (the actor of none of them).
        by = await StaffService(session).by_telegram_id(shop.people[Role.SUPPLIER].user.id)
        assert by is not None
        notices = [
            Notice(kind, director.id, order.id, Stage(task.stage), task.id, part.id, by.id)
            for kind in NoticeKind
        ]
        notifier = Notifier(_NoSender(), session, translator, tz)
        for notice in notices:
            before = await session.scalar(select(Notification.id).order_by(Notification.id.desc()))
            await notifier.stage([notice])
            rows = await session.scalars(
                select(Notification.text).where(Notification.id > (before or 0))
            )
            texts += list(rows)
        await session.rollback()
    return texts


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_day_of_work_reads_as_text(fake_portal, outbox_factory, lang: str) -> None:
    await set_up(fake_portal, outbox_factory)
    out = io.StringIO()
    with fluent_errors() as seen:
        shop = await run_demo(lang, out=out, script=_day, session_factory=outbox_factory)
        transcript = out.getvalue()
        assert "Traceback" not in transcript
        rendered = await _alerts_and_notices(shop, lang)
        assert len(rendered) == 6 + len(NoticeKind)
        # The portal in the shop's language (Russian, `TEXTS`), as `bot.crm.relay` wires the relay.
        await drain(fake_portal, outbox_factory, shop=SHOP)
    state = fake_portal.state
    portal = [str(c["COMMENT"]) for c in state.timeline.comments.values()]
    portal += [str(d["TITLE"]) for d in state.deals.render_all()]
    portal += [f"{t['TITLE']}\n{t['DESCRIPTION']}" for t in state.tasks.rows.values()]
    assert len(portal) > 20  # the day did reach the portal
    bad = [f"telegram: {p}" for p in raw_forms(transcript, lang)]
    bad += [f"alert/notice: {p}\n  {t!r}" for t in rendered for p in raw_forms(t, lang)]
    bad += [f"portal: {p}\n  {t!r}" for t in portal for p in raw_forms(t, "ru")]
    bad += [f"fluent: {e}" for e in seen.errors]
    assert not bad, "\n".join(bad) + "\n\n" + transcript[-3000:]
