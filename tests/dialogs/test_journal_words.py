"""The director's event journal after a real day reads as words: each event by its name
(«Заказ переведён на этап», «Отказано в доступе»), its facts as the bot shows them (stage names,
«4 200 ₽», «чт 10.12, 10:00»), never an action code such as `order.moved`, a stage code, an ISO
date or `Decimal`'s «3100.00" — on the screen, page after page, and in the CSV."""

from __future__ import annotations

import csv
import io
import re

from aiogram.methods import SendDocument
from sqlalchemy import select

from bot.testing.demo.runner import DemoShop, run_demo
from bot.testing.demo.script import run_script
from services.audit import log as audit
from services.audit.log import AuditAction
from services.staff.roles import Role
from services.storage import unit_of_work
from services.storage.models import AuditEvent, Client, Employee
from tests.dialogs.conftest import DIRECTOR
from tests.dialogs.test_full_pipeline import _refused_order
from tests.raw_forms import raw_forms

# What the journal keeps as a code: "order.moved", "client.phone_retired_duplicate".
_ACTION_CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")
# A record's own key (an entity type, a fact's name) in Russian text: "order", "part_id".
_LATIN_WORD = re.compile(r"\b(?:order|client|car|employee|invite|setting|part_id|task_id)\b")


def _problems(text: str) -> list[str]:
    found = raw_forms(text)
    found += [f"action code: {m.group()!r}" for m in _ACTION_CODE.finditer(text)]
    found += [f"record key: {m.group()!r}" for m in _LATIN_WORD.finditer(text)]
    return found


async def _a_day(shop: DemoShop) -> None:
    """The demo's order from the first photo to the hand-over, a second order the client
    refuses, and the director's own day: a refusal, a setting, a role, an invite."""
    await run_script(shop)
    await _refused_order(shop)
    h = shop.transcript.harness
    director, storekeeper = shop.people[Role.DIRECTOR].user, shop.people[Role.STOREKEEPER].user
    await h.send(storekeeper, "/audit")  # refused
    await h.send(director, "/settings")
    await h.tap_button(director, "снабженец")
    await h.send(director, "/staff")
    await h.tap_button(director, "Анна Складова")
    await h.tap_button(director, "руководитель")
    await h.send(director, "✉️ Пригласить")
    await h.tap_button(director, "кладовщик")


async def test_the_journal_shows_words_not_codes(session_factory):
    shop = await run_demo("ru", out=io.StringIO(), script=_a_day, session_factory=session_factory)
    async with session_factory() as session:
        written = set((await session.scalars(select(AuditEvent.action))).all())
    assert {
        "order.created",
        "order.moved",
        "order.moved_back",
        "order.cancelled",
        "part.priced",
        "client.approved",
        "part.ordered",
        "part.received",
        "access.refused",
        "settings.changed",
        "staff.role_added",
        "invite.created",
    } <= written

    h, director = shop.transcript.harness, shop.people[Role.DIRECTOR].user
    journal, pages = await _journal_in_words(h, director, written)
    await _csv_in_words(h, director, written, journal, pages)


async def _journal_in_words(h, director, written: set[str]) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The director reads the whole journal: every page, in words. Its text and pages."""
    await h.send(director, "/audit")
    pages = [h.last_text(director)]
    while "Раньше" in h.screen(director):
        await h.tap_button(director, "Раньше")
        pages.append(h.last_text(director))
    journal = "\n".join(pages)
    assert len(pages) > 1  # the whole day was read, not just its first page
    bad = {line: _problems(line) for line in journal.splitlines() if _problems(line)}
    assert not bad, "\n".join(f"{problems}\n    {line}" for line, problems in bad.items())
    for code in written:
        assert code not in journal
    for words in (
        "Заказ создан",
        "Заказ переведён на этап",
        "Заказ возвращён на этап",
        "Калькуляция работ → Калькуляция запчастей",
        "причина: Колодки у Emex дешевле — пересчитай, пожалуйста",
        "Заказ отменён",
        "Отказано в доступе",
        "Изменены настройки",
        "Сотруднику дана роль · сотрудник Анна Складова · руководитель СТО",
        "закупка 4 200 ₽, продажа",
        "поставка ",
        "Запчасть принята на склад · заказ № 1 · «Стойка стабилизатора» ×1",
    ):
        assert words in journal, words
    assert re.search(
        r"Клиент согласовал ремонт · заказ № 1 · запись: \w\w \d\d\.\d\d, 10:00", journal
    )
    return journal, pages


async def _csv_in_words(h, director, written: set[str], journal: str, pages: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The journal's CSV: one row an event, in words too."""
    calls = await h.tap_button(director, "CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    content = document.document.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == [
        "Когда",
        "Кто",
        "Telegram id",
        "Событие",
        "Объект",
        "№ объекта",
        "Подробности",
    ]
    assert len(rows) - 1 == len(journal.splitlines()) - len(pages)  # every event, one row each
    for row in rows[1:]:
        # The time column keeps seconds for the record (dd.mm.yyyy hh:mm:ss): not a problem.
        words = ";".join(row[1:])
        assert not _problems(words), (_problems(words), row)
        assert not any(code in words for code in written), row
    assert any(r[3] == "Заказ переведён на этап" and r[4] == "заказ № 1" for r in rows)


async def test_a_page_of_long_reasons_fits_one_message(harness, shop):
    """Reasons (up to 500 characters) are shown now: a page of fifteen still fits Telegram's
    4096; the CSV keeps each in full."""
    reason = "Клиент передумал: " + "очень длинное объяснение " * 19
    async with shop.session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        for n in range(20):
            audit.record(
                session,
                AuditAction.ORDER_CANCELLED,
                actor=director,
                entity_type="order",
                entity_id=n + 1,
                stage="CLIENT_APPROVAL",
                reason=reason,
            )
        await unit_of_work.commit(session)
    await harness.send(DIRECTOR, "/audit")
    text = harness.last_text(DIRECTOR)
    assert "Журнал событий" in text
    assert text.count("Заказ отменён · заказ № ") == 15 and "…" in text
    calls = await harness.tap_button(DIRECTOR, "CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    assert document.document.data.decode("utf-8-sig").count(reason.strip()) == 20


async def _record_facts(shop) -> None:  # type: ignore[no-untyped-def]
    """Two refusals, an owner change, a driver added, an import and a move back."""
    async with shop.session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        storekeeper = await session.get(Employee, shop.employee(Role.STOREKEEPER).id)
        other = Client(full_name="Ольга Новикова")
        session.add(other)
        await session.flush()
        rec = audit.record
        rec(session, AuditAction.ACCESS_REFUSED, actor=storekeeper, action_name="menu-new-order")
        rec(session, AuditAction.ACCESS_REFUSED, actor=storekeeper, action_name="invite.create")
        car = dict(entity_type="car", entity_id=shop.car_id)
        rec(
            session,
            AuditAction.CAR_OWNER_CHANGED,
            actor=director,
            old_owner_client_id=shop.client_id,
            new_owner_client_id=other.id,
            **car,
        )
        rec(session, AuditAction.CAR_DRIVER_ADDED, actor=director, client_id=other.id, **car)
        rec(
            session,
            AuditAction.IMPORT_FINISHED,
            rows=120,
            counts={"client.created": 80, "car.created": 95, "row.empty": 2},
        )
        rec(
            session,
            AuditAction.ORDER_MOVED,
            actor=director,
            entity_type="order",
            entity_id=7,
            from_stage="LABOUR_PRICING",
            to_stage="PARTS_PRICING",
            kind="back",
        )
        await unit_of_work.commit(session)


async def test_the_journal_keeps_the_facts_in_words(harness, shop):
    """What a refused person attempted, who the owner was and became, the driver added, an
    import's counts, and how an order moved: on the screen and in the CSV."""
    await _record_facts(shop)
    await harness.send(DIRECTOR, "/audit")
    text = harness.last_text(DIRECTOR)
    calls = await harness.tap_button(DIRECTOR, "CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    content = document.document.data.decode("utf-8-sig")
    for shown in (text, content):
        assert "попытка: ➕ Новый заказ" in shown, shown  # the button as the person saw it
        assert "попытка: приглашение сотрудника" in shown
        assert "Иван Петров → Ольга Новикова" in shown
        assert "водитель: Ольга Новикова" in shown
        assert "строк: 120, новых клиентов 80, новых автомобилей 95, отклонено 2" in shown
        assert "Калькуляция работ → Калькуляция запчастей, возврат" in shown
    assert not _problems(text), _problems(text)


async def test_the_journal_csv_does_not_run_formulas(harness, shop):
    """A name a person typed (a client renamed, an employee) may start with = + - @: a
    spreadsheet would run it as a formula."""
    async with shop.session_factory() as session:
        director = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        director.full_name = '=HYPERLINK("http://evil.example","Директор")'
        audit.record(
            session,
            AuditAction.CLIENT_RENAMED,
            actor=director,
            entity_type="client",
            entity_id=shop.client_id,
            old="Иван Петров",
            new="@SUM(1+1)",
        )
        await unit_of_work.commit(session)
    await harness.send(DIRECTOR, "/audit")
    calls = await harness.tap_button(DIRECTOR, "CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    rows = list(csv.reader(io.StringIO(document.document.data.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","Директор")' in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells), cells
