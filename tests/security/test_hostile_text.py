"""Hostile text in every free-text field, through the real bot: markup, entities, BB-codes,
control characters, RTL marks, Telegram's whole 4,096 characters.

The fake Bot API parses every message as Telegram does (bot/render/telegram_html.py) and refuses
what Telegram refuses, so a single unescaped "<" anywhere fails the update. Beyond that,
what a person typed must come back to the others *as typed*: escaped, not stripped.
"""

from __future__ import annotations

import io

from sqlalchemy import select

from bot.render import telegram_html
from bot.testing.demo.runner import DemoShop, run_demo
from bot.testing.demo.transcript import Person
from bot.testing.fake_telegram import TelegramUser
from services.orders import Stage
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import Order, OrderPart, WorkLine

MARKUP = '<b>x</b> <a href="http://evil.example">y</a> <i> & &amp; &lt; </b>'
BB = "[url=http://evil.example]клик[/url] [b]жирно[/b] [img]http://evil.example/x.png[/img]"
ODD = "\u202eRTL\u202c \u200f\u200b tab\there \x07bell \x00nul"
CLIENT = "<Анна> & [b]Смирнова[/b]"
COMPLAINT = f"стук {MARKUP} {BB} {ODD}"
LONG = COMPLAINT + " " + "я" * 4096  # refused as too long; the refusal itself must fit
PART = "Колодки <передние> & [url=x]y[/url]"
VENDOR = "<Автодок & Co>"
WORK = "Замена <b>аккумулятора & [i]клемм[/i]"
REASON = f"дорого </i> {BB}"
QUERY = "<script>&amp;[url=x]"
MAKE = "<Лада> & [b]Веста"
STAFF_NAME = "<b>Злой</b> [url=x]Мастер[/url] &"
UNEXPECTED = "Что-то пошло не так"


async def _hostile_order(shop: DemoShop) -> None:
    t = shop.transcript
    supplier, head = (shop.people[r] for r in (Role.SUPPLIER, Role.HEAD))
    # A master whose Telegram name is markup (names come from Telegram at registration).
    evil = TelegramUser(9001, STAFF_NAME)
    async with shop.session_factory() as session:
        await StaffService(session).add(evil.id, STAFF_NAME, [Role.MASTER], locale="ru")
    master = Person(evil, "мастер")
    t.people.append(master)
    await t.press(master, "➕ Новый заказ")
    await t.type(master, "+7 (903) 555-12-34")
    await t.type(master, CLIENT)
    await t.type(master, "XTA21099012345678")
    await t.type(master, MAKE)
    await t.type(master, LONG[:4096])
    await t.type(master, COMPLAINT)
    await t.type(master, f"{PART} 1\n<b>x</b> & [b]y[/b] 2")
    await t.tap(master, "Готово")
    await t.tap(master, "Пропустить")
    await t.tap(master, "Сохранить")
    await t.tap(supplier, "Беру")
    await t.tap(supplier, "Оценить запчасти")
    await t.type(supplier, f"7000 - {VENDOR} 1")
    await t.type(supplier, f"100 - {VENDOR} 1")
    await t.tap(head, "Беру")
    await t.tap(head, "Оценить работы")
    await t.type(head, f"{WORK} 500")
    await t.tap(head, "Утвердить")
    await t.tap(master, "Согласовать с клиентом")
    await t.tap(master, "Клиент отказался")
    await t.type(master, REASON)
    await t.press(master, "🔎 Поиск")
    await t.type(master, QUERY)
    await t.type(master, CLIENT)


def _shown(shop: DemoShop) -> str:
    """Everything every chat shows, as people read it (parsed like Telegram does)."""
    chats = shop.transcript.harness.session.chats
    return "\n".join(
        telegram_html.parse(message.text) for chat in chats.values() for message in chat.values()
    )


async def test_hostile_text_is_shown_as_typed_and_never_breaks_a_message(session_factory):
    out = io.StringIO()
    shop = await run_demo("ru", out=out, script=_hostile_order, session_factory=session_factory)
    transcript = out.getvalue()
    assert "Traceback" not in transcript and UNEXPECTED not in transcript, transcript[-3000:]
    async with session_factory() as session:
        order = await session.scalar(select(Order).order_by(Order.id.desc()))
        assert order is not None and order.stage == Stage.CANCELLED
        parts = (await session.scalars(select(OrderPart).order_by(OrderPart.id))).all()
        work = await session.scalar(select(WorkLine))
    # Stored as typed (whitespace normalised where the dialog does so).
    assert order.cancel_reason == REASON
    assert parts[0].name == PART and parts[0].vendor == VENDOR
    assert work is not None and work.name.startswith("Замена <b>аккумулятора")
    shown = _shown(shop)
    assert order.complaint.startswith("стук <b>x</b>")
    for typed in (CLIENT, PART, VENDOR, REASON, STAFF_NAME, "<b>x</b>", BB, MAKE):
        assert typed in shown, typed


def test_the_fake_telegram_parses_html_as_telegram_does() -> None:
    ok = '<b>1</b> <a href="http://x">2</a> &lt;3&gt; &amp; &quot; &#128512; & alone'
    assert telegram_html.parse(ok) == '1 2 <3> & " 😀 & alone'
    refused = [
        "<",
        "a < b",
        "<b>",
        "</b>",
        "<b><i></b></i>",
        "<script>x</script>",
        "<span>x</span>",
    ]
    for text in refused:
        try:
            telegram_html.parse(text)
        except telegram_html.HtmlParseError:
            continue
        raise AssertionError(f"accepted {text!r}")


def test_cut_keeps_html_valid() -> None:
    text = "<b>" + "&lt;" * 50 + "</b>" + "x" * 50
    for limit in range(1, 120):
        cut = telegram_html.cut(text, limit)
        assert len(telegram_html.parse(cut)) <= limit
    assert telegram_html.cut("short", 10) == "short"


def test_the_overdue_list_escapes_names_and_fits_a_message() -> None:
    from datetime import UTC, datetime

    from bot.i18n import Translator
    from handlers.overdue import render
    from services.alerts.digest import OverdueTask
    from tests.conftest import make_settings

    tasks = [
        OverdueTask(n, n, "PARTS_PRICING", "supplier", datetime(2026, 11, 1, tzinfo=UTC), name)
        for n in range(1, 400)
        for name in (STAFF_NAME + str(n),)
    ]
    text = render(Translator("ru").get("ru"), tasks, make_settings())
    shown = telegram_html.parse(text)  # raises where Telegram would refuse it
    assert STAFF_NAME + "1" in shown and len(shown) <= 4096
