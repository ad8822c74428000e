"""The director's seat through the real Dispatcher: the report with charts and files, staff
changes that hold from the next update, deactivation returning tasks to the pool, the audit
journal, phone visibility, and refusals of everyone else."""

from __future__ import annotations

import io
import struct

import pytest
from aiogram.methods import SendDocument, SendMediaGroup
from aiogram_dialog.utils import CB_SEP
from openpyxl import load_workbook
from sqlalchemy import delete, select

from bot.testing.fake_telegram import TelegramUser
from services.orders import OrderQueries, Stage
from services.staff.bitrix import PortalUser
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import AuditEvent, Employee, EmployeeRole, StageTask
from tests.conftest import add_employee
from tests.dialogs.conftest import DIRECTOR, MASTER, STOREKEEPER, SUPPLIER


async def _actions(session_factory) -> list[str]:
    async with session_factory() as session:
        return list((await session.scalars(select(AuditEvent.action))).all())


def _intent(harness, person) -> str:  # type: ignore[no-untyped-def]
    """The intent id the newest aiogram-dialog button carries, with its separator."""
    for shown in reversed(list(harness.session.chats[person.id].values())):
        for row in getattr(shown.markup, "inline_keyboard", None) or []:
            for button in row:
                if CB_SEP in (button.callback_data or ""):
                    return str(button.callback_data.split(CB_SEP)[0] + CB_SEP)
    return ""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


async def test_report_with_charts_and_files(harness, shop):
    await shop.order_at(Stage.LABOUR_PRICING)
    await harness.send(DIRECTOR, "📊 Отчёт")
    assert "за какой период" in harness.last_text(DIRECTOR)
    calls = await harness.tap_button(DIRECTOR, "Этот месяц")
    albums = [c for c in calls if isinstance(c, SendMediaGroup)]
    assert len(albums) == 1 and len(albums[0].media) == 4
    for item in albums[0].media:
        assert _png_size(item.media.data) == (1200, 900)
    text = harness.last_text(DIRECTOR)
    assert "Открыто заказов: 1 · выдано: 0 · отказов: 0" in text
    assert "Калькуляция работ 1" in text

    calls = await harness.tap_button(DIRECTOR, "Отчёт в Excel")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    book = load_workbook(io.BytesIO(document.document.data))
    rows = {r[0]: r[1] for r in book["Итоги"].iter_rows(min_row=2, values_only=True)}
    assert rows["Открыто заказов"] == 1
    calls = await harness.tap_button(DIRECTOR, "Заказы в CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    assert document.document.filename.endswith(".csv")
    assert document.document.data.decode("utf-8-sig").count("\n") == 2  # heading + the order


async def test_custom_dates(harness, shop):
    await harness.send(DIRECTOR, "/report")
    await harness.tap_button(DIRECTOR, "Свои даты")
    await harness.send(DIRECTOR, "вчера")
    assert "Не понял даты" in harness.last_text(DIRECTOR)
    await harness.send(DIRECTOR, "01.01.2020 - 31.01.2020")
    assert "01.01.2020 – 31.01.2020" in harness.last_text(DIRECTOR)
    assert "Открыто заказов: 0" in harness.last_text(DIRECTOR)


async def test_non_director_is_refused_and_audited(harness, shop):
    await harness.send(MASTER, "/report")
    assert harness.last_text(MASTER) == "Это доступно только директору."
    await harness.send(SUPPLIER, "👥 Сотрудники")
    assert harness.last_text(SUPPLIER) == "Это действие вам недоступно."
    # The staff screen of someone who was the director when he opened it: a button of it is
    # refused as a forged one.
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Сергей Мастеров")
    await harness.tap_button(DIRECTOR, "▫️ директор")
    await harness.send(MASTER, "/staff")
    await harness.tap_button(DIRECTOR, "✅ директор")
    calls = await harness.tap_button(MASTER, "Сергей Мастеров")
    assert any("только директору" in str(getattr(c, "text", "")) for c in calls)
    async with shop.session_factory() as session:
        master = await session.get(Employee, shop.employee(Role.MASTER).id)
        assert master.role_names == {"master"}
        events = (
            await session.scalars(
                select(AuditEvent.details).where(AuditEvent.action == "access.refused")
            )
        ).all()
    assert [e["action_name"] for e in events] == ["director.report", "menu-staff", "director.sf"]


async def test_role_change_takes_effect_on_the_next_update(harness, shop):
    master_id = shop.employee(Role.MASTER).id
    await harness.send(DIRECTOR, "👥 Сотрудники")
    assert "Сергей Мастеров</b> — мастер-приёмщик" in harness.last_text(DIRECTOR)
    await harness.tap_button(DIRECTOR, "Сергей Мастеров")
    await harness.tap_button(DIRECTOR, "кладовщик")
    assert "Роли: мастер-приёмщик, кладовщик" in harness.last_text(DIRECTOR)
    await harness.send(MASTER, "📦 Приёмка")
    assert harness.last_text(MASTER) != "Это действие вам недоступно."
    await harness.tap_button(DIRECTOR, "мастер-приёмщик")
    await harness.send(MASTER, "➕ Новый заказ")
    assert harness.last_text(MASTER) == "Это действие вам недоступно."
    actions = await _actions(shop.session_factory)
    assert "staff.role_added" in actions and "staff.role_removed" in actions
    async with shop.session_factory() as session:
        assert (await session.get(Employee, master_id)).role_names == {"storekeeper"}


async def test_a_big_staff_list_comes_in_pages(harness, shop):
    """A shop network's staff (seed 002: eleven points) outgrew one message (4,096 characters);
    twenty a page, by name, with ◀️ ▶️; a forged employee id on the page is refused."""
    for n in range(45):
        await add_employee(
            shop.session_factory, 70_000 + n, f"Механик Длиннофамильный {n:02d}", Role.MASTER
        )
    total = 45 + len(Role)
    await harness.send(DIRECTOR, "👥 Сотрудники")
    first = harness.screen(DIRECTOR)
    assert f"Сотрудники</b> · 1–20 из {total}" in first and "▶️" in first and "◀️" not in first
    assert first.count("🟢") == 20
    await harness.tap_button(DIRECTOR, "▶️")
    second = harness.last_text(DIRECTOR)
    assert f"21–40 из {total}" in second and second.count("🟢") == 20
    assert not set(first.splitlines()[1:21]) & set(second.splitlines()[1:21])
    await harness.tap_button(DIRECTOR, "▶️")
    last = harness.screen(DIRECTOR)
    assert f"41–{total} из {total}" in last and "▶️" not in last and "◀️" in last
    await harness.tap_button(DIRECTOR, "◀️")
    assert f"21–40 из {total}" in harness.last_text(DIRECTOR)
    calls = await harness.tap(DIRECTOR, _intent(harness, DIRECTOR) + "wp:-20")
    assert any("диалог уже закрыт" in str(getattr(c, "text", "")) for c in calls), calls
    assert f"21–40 из {total}" in harness.last_text(DIRECTOR)  # unchanged


async def test_the_journal_picks_a_person_from_pages(harness, shop):
    """One button per employee outgrew Telegram's keyboard for a shop network's staff: the
    journal's person picker comes in pages of twenty, with ◀️ ▶️ in the same message."""
    for n in range(45):
        await add_employee(shop.session_factory, 71_000 + n, f"Снабженец {n:02d}", Role.SUPPLIER)
    await harness.send(DIRECTOR, "/audit")
    await harness.tap_button(DIRECTOR, "По сотруднику")
    first = harness.screen(DIRECTOR)
    names = [line for line in first.splitlines()[1:] if "️ ]" not in line]
    assert "Чьи события" in first and len(names) == 20
    assert "▶️" in first and "◀️" not in first
    await harness.tap_button(DIRECTOR, "▶️")
    await harness.tap_button(DIRECTOR, "▶️")
    last = harness.screen(DIRECTOR)
    assert "◀️" in last and "▶️" not in last and "Снабженец 44" in last
    await harness.tap_button(DIRECTOR, "Снабженец 44")
    assert "сотрудник Снабженец 44 · найдено 0" in harness.last_text(DIRECTOR)


async def test_a_page_past_the_shrunk_staff_list_is_its_first(harness, shop):
    """A ◀️ ▶️ button drawn when the staff was longer: the picker shows the first page (as the
    staff list does), not an empty one."""
    for n in range(25):
        await add_employee(shop.session_factory, 72_000 + n, f"Снабженец {n:02d}", Role.SUPPLIER)
    await harness.send(DIRECTOR, "/audit")
    await harness.tap_button(DIRECTOR, "По сотруднику")
    async with shop.session_factory() as session:
        gone = select(Employee.id).where(Employee.telegram_id >= 72_005)
        await session.execute(delete(EmployeeRole).where(EmployeeRole.employee_id.in_(gone)))
        await session.execute(delete(Employee).where(Employee.telegram_id >= 72_005))
        await session.commit()
    await harness.tap_button(DIRECTOR, "▶️")
    screen = harness.screen(DIRECTOR)
    assert "Чьи события" in screen and "Снабженец 00" in screen
    assert "◀️" not in screen and "▶️" not in screen


async def test_deactivation_returns_open_tasks_to_the_pool(harness, shop):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    master_id = shop.employee(Role.MASTER).id
    async with shop.session_factory() as session:
        task = await session.scalar(select(StageTask).where(StageTask.status == "open"))
        assert task.assignee_id == master_id
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Сергей Мастеров")
    await harness.tap_button(DIRECTOR, "Отключить")
    await harness.tap_button(DIRECTOR, "Да, отключить")
    screen = harness.screen(DIRECTOR, last=2)
    assert "Сергей Мастеров отключён. Задач возвращено в пул: 1." in screen
    assert f"Задача № {order_id}" in screen and "Передать задачу" in screen
    async with shop.session_factory() as session:
        task = await session.get(StageTask, task.id, populate_existing=True)
        assert task.assignee_id is None and task.status == "open"
    await harness.send(MASTER, "/start")
    assert "Это действие" not in harness.last_text(MASTER)  # a stranger's one polite refusal
    assert "staff.deactivated" in await _actions(shop.session_factory)


async def test_director_cannot_lock_himself_out(harness, shop):
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Ирина Директорова")
    calls = await harness.tap_button(DIRECTOR, "✅ директор")
    assert any("Себя отключить" in str(getattr(c, "text", "")) for c in calls)


async def test_bitrix_link_typed_without_portal(harness, shop):
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Олег Снабженцев")
    await harness.tap_button(DIRECTOR, "Битрикс24")
    assert "Введите id пользователя Битрикс24" in harness.last_text(DIRECTOR)
    await harness.send(DIRECTOR, "двенадцать")
    text = harness.last_text(DIRECTOR)
    assert "Нужно число" in text and "Введите id пользователя Битрикс24" in text  # still asked
    await harness.send(DIRECTOR, "12")
    assert "Битрикс24: 12" in harness.last_text(DIRECTOR)
    async with shop.session_factory() as session:
        assert (await session.get(Employee, shop.employee(Role.SUPPLIER).id)).bitrix_user_id == 12


async def test_bitrix_link_picked_from_the_portal(harness, shop, monkeypatch):
    async def users(_settings: object) -> list[PortalUser]:
        return [PortalUser(12, "Пётр Иванов"), PortalUser(14, "Ольга Петрова")]

    monkeypatch.setattr("dialogs.director_staff.handlers.portal_users_or_none", users)
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Олег Снабженцев")
    await harness.tap_button(DIRECTOR, "Битрикс24")
    assert "Выберите пользователя Битрикс24 для Олег Снабженцев" in harness.last_text(DIRECTOR)
    calls = await harness.tap_button(DIRECTOR, "Ольга Петрова · 14")
    assert any("Битрикс24 14" in str(getattr(c, "text", "")) for c in calls)
    assert "Битрикс24: 14" in harness.last_text(DIRECTOR)


async def test_phone_visibility_setting(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)

    async def phone_for(role: Role) -> str | None:
        async with shop.session_factory() as session:
            viewer = await session.get(Employee, shop.employee(role).id)
            return (await OrderQueries(session).order_card(order_id, viewer)).phone

    assert await phone_for(Role.SUPPLIER) == "+7 9•• •••-45-67"
    await harness.send(DIRECTOR, "/settings")
    await harness.tap_button(DIRECTOR, "снабженец")
    assert await phone_for(Role.SUPPLIER) == "+7 916 123-45-67"
    await harness.tap_button(DIRECTOR, "мастер-приёмщик")
    assert await phone_for(Role.MASTER) == "+7 9•• •••-45-67"
    assert "settings.changed" in await _actions(shop.session_factory)


async def test_the_phones_screen_of_a_lost_role_is_refused(harness, shop):
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Сергей Мастеров")
    await harness.tap_button(DIRECTOR, "▫️ директор")
    await harness.send(MASTER, "/settings")
    await harness.tap_button(DIRECTOR, "✅ директор")
    calls = await harness.tap_button(MASTER, "снабженец")
    assert any("только директору" in str(getattr(c, "text", "")) for c in calls)
    assert "▫️ снабженец" in harness.screen(MASTER)
    async with shop.session_factory() as session:
        events = (
            await session.scalars(
                select(AuditEvent.details).where(AuditEvent.action == "access.refused")
            )
        ).all()
    assert [e["action_name"] for e in events] == ["director.ph"]
    assert "settings.changed" not in await _actions(shop.session_factory)


async def test_journal_records_each_kind_and_searches(harness, shop):
    await harness.send(MASTER, "/start")  # a login
    await harness.send(DIRECTOR, "✉️ Пригласить")
    await harness.tap_button(DIRECTOR, "кладовщик")  # an invite
    order_id = await shop.order_at(Stage.LABOUR_PRICING)  # stage moves
    await harness.send(STOREKEEPER, "/audit")  # a refusal
    await harness.send(DIRECTOR, "/staff")
    await harness.tap_button(DIRECTOR, "Анна Складова")
    await harness.tap_button(DIRECTOR, "руководитель")  # a role change
    await harness.send(DIRECTOR, "/settings")
    await harness.tap_button(DIRECTOR, "кладовщик")  # a settings change
    actions = set(await _actions(shop.session_factory))
    assert {
        "staff.started",
        "invite.created",
        "order.moved",
        "access.refused",
        "staff.role_added",
        "settings.changed",
    } <= actions

    await harness.send(DIRECTOR, "/audit")
    assert "Журнал событий</b> · все события" in harness.last_text(DIRECTOR)
    await harness.tap_button(DIRECTOR, "По заказу")
    await harness.send(DIRECTOR, str(order_id))
    text = harness.last_text(DIRECTOR)
    assert f"заказ № {order_id}" in text and "Заказ переведён на этап" in text
    assert "приглашение" not in text
    await harness.tap_button(DIRECTOR, "Сбросить")
    await harness.tap_button(DIRECTOR, "По сотруднику")
    await harness.tap_button(DIRECTOR, "Анна Складова")
    text = harness.last_text(DIRECTOR)
    assert "сотрудник Анна Складова · найдено 1" in text and "Отказано в доступе" in text
    await harness.tap_button(DIRECTOR, "По датам")
    await harness.send(DIRECTOR, "01.01.2020 - 02.01.2020")
    assert "найдено 0" in harness.last_text(DIRECTOR)
    await harness.tap_button(DIRECTOR, "Сбросить")
    calls = await harness.tap_button(DIRECTOR, "CSV")
    (document,) = [c for c in calls if isinstance(c, SendDocument)]
    content = document.document.data.decode("utf-8-sig")
    assert content.startswith("Когда;Кто;")
    assert "Заказ переведён на этап" in content and "Изменены настройки" in content


async def test_a_report_button_of_a_director_no_more_is_refused(harness, shop):
    """The report's buttons are a dialog's: someone whose director role was taken while it was
    open is refused and the refusal audited, as a forged director's button is."""
    second = TelegramUser(106, "Ольга", "Второва")
    ours = await add_employee(shop.session_factory, second.id, second.full_name, Role.DIRECTOR)
    await harness.send(second, "/report")
    assert "за какой период" in harness.last_text(second)
    async with shop.session_factory() as session:
        actor = await session.get(Employee, shop.employee(Role.DIRECTOR).id)
        await StaffService(session).toggle_role(ours.id, Role.DIRECTOR, actor=actor)
        await session.commit()
    calls = await harness.tap_button(second, "Этот месяц")
    assert any("только директору" in str(getattr(c, "text", "")) for c in calls), calls
    assert not [c for c in calls if isinstance(c, SendMediaGroup)]
    async with shop.session_factory() as session:
        refused = await session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "access.refused")
        )
        assert [e["action_name"] for e in refused] == ["director.report"]


async def test_text_typed_under_the_journal_is_searched(harness, shop):
    """The journal stays open after it is read: an order number typed then is searched, as with
    no dialog open; the journal takes typed text only when it asks for it."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.send(DIRECTOR, "/audit")
    await harness.send(DIRECTOR, str(order_id))
    text = harness.last_text(DIRECTOR)
    assert "Журнал событий" not in text and "Найдено" in text, text
    await harness.send(DIRECTOR, "/report")
    await harness.send(DIRECTOR, str(order_id))
    assert "за какой период" not in harness.last_text(DIRECTOR)
    await harness.tap_button(DIRECTOR, "Свои даты")
    await harness.send(DIRECTOR, str(order_id))
    assert "Не понял даты" in harness.last_text(DIRECTOR)


@pytest.mark.parametrize("command", ["/staff", "/settings"])
async def test_text_typed_under_staff_or_phones_is_searched(harness, shop, command):
    """The staff and phones screens ask for no text but a typed Bitrix24 id: an order number
    typed under them is searched, not taken by the open dialog."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.send(DIRECTOR, command)
    await harness.send(DIRECTOR, str(order_id))
    assert "Найдено" in harness.last_text(DIRECTOR)
