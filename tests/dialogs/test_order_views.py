"""Order card, lists, «Беру», search, send-back and cancel — what each person sees."""

from __future__ import annotations

from aiogram.methods import SendMediaGroup
from sqlalchemy import select

from bot.callbacks import OrderCallback, TaskCallback
from bot.testing.fake_telegram import TelegramUser
from services.orders import OrderQueries, Stage
from services.staff.roles import Role
from services.staff.service import StaffService
from services.storage.models import AuditEvent, Order, StageTask
from tests.dialogs.conftest import DIRECTOR, HEAD, MASTER, STOREKEEPER, SUPPLIER


def open_(order_id: int, stage: Stage) -> str:
    return OrderCallback(action="open", order_id=order_id, stage=stage.value).pack()


async def test_card_shows_order_with_phone_by_role(harness, shop):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(MASTER, open_(order_id, Stage.LABOUR_PRICING))
    card = harness.screen(MASTER)
    assert f"🔧 Калькуляция работ · № {order_id}" in card
    assert "Клиент: Иван Петров, +7 916 123-45-67" in card
    assert "Авто: BMW X5 (2019) · А123ВС77 · VIN WBAKS410500A12345" in card
    assert "1. Колодки передние ×1 — 1 300 ₽ · Emex · 2 дн." in card
    assert "Работы: не оценены" in card
    assert "[ 📷 Фото (1) ]" in card and "[ 🕘 История ]" in card
    await harness.tap(SUPPLIER, open_(order_id, Stage.LABOUR_PRICING))
    assert "+7 9•• •••-45-67" in harness.screen(SUPPLIER)
    assert "🔧 Оценить работы" not in harness.screen(SUPPLIER)  # not the supplier's stage


async def test_history_and_car_history(harness, shop):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(
        HEAD, OrderCallback(action="hist", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    history = harness.last_text(HEAD)
    assert "Создание заказа → Калькуляция запчастей · Сергей Мастеров" in history
    assert "Калькуляция запчастей → Калькуляция работ · Олег Снабженцев" in history
    await harness.tap(
        HEAD, OrderCallback(action="car", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    assert "Заказы этого автомобиля (1–1 из 1)" in harness.screen(HEAD)


async def test_media_album_is_sent(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    async with session_factory() as session:
        from services.storage.models import OrderMedia

        session.add_all(
            [OrderMedia(order_id=order_id, kind="video", file_id="v1", file_unique_id="uv1")]
        )
        await session.commit()
    calls = await harness.tap(
        MASTER, OrderCallback(action="media", order_id=order_id, stage="PARTS_PRICING").pack()
    )
    albums = [c for c in calls if isinstance(c, SendMediaGroup)]
    assert len(albums) == 1 and [m.type for m in albums[0].media] == ["photo", "video"]


async def test_first_tap_on_take_wins(harness, shop, session_factory):
    second = TelegramUser(112, "Глеб", "Второй")
    async with session_factory() as session:
        await StaffService(session).add(second.id, second.full_name, [Role.SUPPLIER])
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    async with session_factory() as session:
        task = await session.scalar(select(StageTask).where(StageTask.order_id == order_id))
    await harness.tap(SUPPLIER, TaskCallback(action="take", task_id=task.id).pack())
    calls = await harness.tap(second, TaskCallback(action="take", task_id=task.id).pack())
    assert calls[-1].text == "Задачу уже взял(а) Олег Снабженцев."
    assert "Задачу взял(а) Олег Снабженцев." in harness.last_text(second)


async def test_lists_and_paging(harness, shop):
    ids = [await shop.order_at(Stage.PARTS_PRICING) for _ in range(10)]
    await harness.send(SUPPLIER, "💰 Калькуляция")
    screen = harness.screen(SUPPLIER)
    assert "Калькуляция запчастей (1–8 из 10)" in screen and "[ ▶️ ]" in screen
    await harness.tap_button(SUPPLIER, "▶️")
    assert "Калькуляция запчастей (9–10 из 10)" in harness.screen(SUPPLIER)
    await harness.send(SUPPLIER, "✅ Мои задачи")
    assert "Мои задачи (1–8 из 10)" in harness.screen(SUPPLIER)
    await harness.send(MASTER, "📋 Мои заказы")
    assert f"№ {ids[-1]} · BMW X5 · А123ВС77 · Калькуляция запчастей" in harness.screen(MASTER)
    await harness.send(STOREKEEPER, "📦 Приёмка")
    assert harness.last_text(STOREKEEPER) == "Ожидание поставки: пока пусто."


async def test_search_by_phone_vin_plate_number(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    for query in ("8 (916) 123-45-67", "WBAKS410500A12345", "а123вс77", f"№{order_id}", "A12345"):
        await harness.send(MASTER, "🔎 Поиск")
        await harness.send(MASTER, query)
        assert f"№ {order_id} · BMW X5" in harness.screen(MASTER), query
    await harness.send(MASTER, "🔎 Поиск")
    await harness.send(MASTER, "нет такого")
    assert "ничего не нашлось" in harness.last_text(MASTER)


async def test_search_refuses_what_it_cannot_look_for_and_keeps_asking(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    await harness.send(MASTER, "🔎 Поиск")
    await harness.send_photo(MASTER)
    assert harness.last_text(MASTER).startswith("Пришлите текстом номер заказа")
    await harness.send(MASTER, "7" * 65)
    assert "не больше 64 знаков" in harness.last_text(MASTER)
    await harness.send(MASTER, "нет такого")
    assert "ничего не нашлось" in harness.last_text(MASTER)
    await harness.send(MASTER, str(order_id))  # still asked: a number is searched
    assert f"№ {order_id} · BMW X5" in harness.screen(MASTER)
    # Found: the question is over, chat is chat again.
    await harness.send(MASTER, "как дела")
    assert "Не понял сообщение" in harness.last_text(MASTER)


async def test_search_asked_twice_ends_with_one_find(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    await harness.send(MASTER, "🔎 Поиск")
    await harness.send(MASTER, "🔎 Поиск")
    await harness.send(MASTER, str(order_id))
    assert f"№ {order_id} · BMW X5" in harness.screen(MASTER)
    await harness.send(MASTER, "как дела")
    assert "Не понял сообщение" in harness.last_text(MASTER)


async def test_search_over_a_dialog_gives_it_back(harness, shop):
    """The head searches mid-labour: once found, the labour screen is drawn again below the
    list, with what was typed in it kept, and the next works typed go to it."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    act = OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()
    await harness.tap(HEAD, act)
    await harness.send(HEAD, "Замена колодок 1500")
    await harness.send(HEAD, "🔎 Поиск")
    await harness.send(HEAD, "🔎 Поиск")  # asked anew, not one search over another
    await harness.send(HEAD, f"№{order_id}")
    found, labour = harness.screen(HEAD, last=2).split("<b>🔧 Калькуляция работ", 1)
    assert f"№ {order_id} · BMW X5" in found
    assert "Замена колодок" in labour and "[ ✅ Утвердить ]" in labour
    await harness.send(HEAD, "Диагностика подвески 2000")
    screen = harness.screen(HEAD)
    assert "Работы (2): 3 500 ₽" in screen, screen


async def test_head_sends_back_with_reason(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, open_(order_id, Stage.LABOUR_PRICING))
    await harness.tap_button(HEAD, "Вернуть на этап")
    await harness.tap_button(HEAD, "Калькуляция запчастей")
    await harness.send(HEAD, "")
    await harness.send(HEAD, "Цена колодок устарела")
    assert (
        harness.last_text(HEAD) == f"Заказ № {order_id} возвращён на этап «Калькуляция запчастей»."
    )
    assert "Калькуляция запчастей" in harness.last_text(SUPPLIER)
    async with session_factory() as session:
        moves = await OrderQueries(session).history(order_id)
    assert moves[-1].transition.reason == "Цена колодок устарела"


async def test_master_cancels_with_a_picked_reason(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(MASTER, open_(order_id, Stage.CLIENT_APPROVAL))
    await harness.tap_button(MASTER, "Отменить заказ")
    await harness.tap_button(MASTER, "Дорого")
    assert harness.last_text(MASTER) == f"Заказ № {order_id} отменён."
    async with session_factory() as session:
        order = await session.get(Order, order_id)
    assert order.stage == Stage.CANCELLED and order.cancel_reason == "Дорого"


async def test_cancel_command_leaves_the_reason_prompt(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(HEAD, open_(order_id, Stage.LABOUR_PRICING))
    await harness.tap_button(HEAD, "Вернуть на этап")
    await harness.tap_button(HEAD, "Калькуляция запчастей")
    await harness.send(HEAD, "/cancel")
    assert harness.last_text(HEAD) == "Действие отменено."
    await harness.send(HEAD, "Цена колодок устарела")  # no prompt waits for it any more
    async with session_factory() as session:
        order = await session.get(Order, order_id)
    assert order.stage == Stage.LABOUR_PRICING


async def test_stale_button_explains_itself(harness, shop):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    calls = await harness.tap(
        SUPPLIER, OrderCallback(action="act", order_id=order_id, stage="PARTS_PRICING").pack()
    )
    assert calls[-1].text == "Заказ уже на этапе «Калькуляция работ», действие не нужно."
    assert calls[-1].show_alert


async def test_the_stage_button_opens_the_stage_work(harness, shop):
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    await harness.tap(
        SUPPLIER, OrderCallback(action="act", order_id=order_id, stage="PARTS_PRICING").pack()
    )
    assert "Цена закупки за шт.?" in harness.last_text(SUPPLIER)


async def test_forged_stage_action_is_refused_and_audited(harness, shop, session_factory):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    calls = await harness.tap(
        STOREKEEPER, OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    assert calls[-1].text == "Это действие вам недоступно."
    async with session_factory() as session:
        refused = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "access.refused")
        )
        order = await session.get(Order, order_id)
    assert refused.details["action_name"] == "stage.act" and order.stage == Stage.LABOUR_PRICING


async def test_malformed_callback_is_ignored(harness, shop):
    await harness.tap(DIRECTOR, "o:act:notanumber:X")
    await harness.tap(DIRECTOR, "garbage")


async def test_button_of_a_lost_dialog_explains_itself(harness, shop):
    await harness.send(MASTER, "/start")
    calls = await harness.tap(MASTER, "pk:to:PARTS_PRICING")
    assert calls[0].text.startswith("Этот диалог уже закрыт") and calls[0].show_alert


async def test_director_reassigns_a_task(harness, shop, session_factory):
    second = TelegramUser(113, "Глеб", "Второй")
    async with session_factory() as session:
        await StaffService(session).add(second.id, second.full_name, [Role.SUPPLIER])
    order_id = await shop.order_at(Stage.PARTS_PRICING)
    await harness.tap(DIRECTOR, open_(order_id, Stage.PARTS_PRICING))
    await harness.tap_button(DIRECTOR, "Передать задачу")
    assert "кому передать задачу (снабженец)" in harness.screen(DIRECTOR)
    await harness.tap_button(DIRECTOR, "Глеб Второй")
    assert harness.last_text(DIRECTOR) == f"Задача по заказу № {order_id} передана."
    assert "Новая задача" in harness.last_text(second)
    async with session_factory() as session:
        task = await session.scalar(select(StageTask).where(StageTask.order_id == order_id))
    assert task.assignee_id is not None
    calls = await harness.tap(MASTER, TaskCallback(action="reassign", task_id=task.id).pack())
    assert calls[0].text == "Это доступно только директору."  # refused, and audited


async def test_menu_label_typed_mid_dialog_is_not_taken_as_an_answer(harness, shop):
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.tap(
        HEAD, OrderCallback(action="act", order_id=order_id, stage="LABOUR_PRICING").pack()
    )
    await harness.send(HEAD, "⏰ Просрочки")  # the menu answers, the dialog does not take it
    assert harness.last_text(HEAD) == "⏰ Просроченных задач нет."
    await harness.send(HEAD, "📊 Отчёт")
    assert harness.last_text(HEAD) == "Это действие вам недоступно."


async def test_search_over_the_cancel_reason_shows_what_the_next_text_answers(harness, shop):
    """A search from under the cancel prompt: the prompt is asked again below the list, so
    a text typed next is seen to be the reason, not another search."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    cancel = OrderCallback(action="cancel", order_id=order_id, stage="LABOUR_PRICING").pack()
    await harness.tap(MASTER, cancel)
    await harness.send(MASTER, "🔎 Поиск")
    await harness.send(MASTER, str(order_id))
    found, prompt = harness.screen(MASTER, last=2).split("Почему клиент отказался?", 1)
    assert f"№ {order_id} · BMW X5" in found
    assert "[ ✖️" in prompt


async def test_a_cancel_over_a_new_order_keeps_what_was_typed_in_it(harness, shop):
    """The master is typing a new order and cancels another from its card: the prompt opens
    over the new order, and once the cancel is done the new order is drawn again below, where
    it was left, and goes on."""
    order_id = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.send(MASTER, "➕ Новый заказ")
    await harness.send(MASTER, "+7 903 555-12-34")
    assert "Как зовут клиента?" in harness.screen(MASTER)
    cancel = OrderCallback(action="cancel", order_id=order_id, stage="LABOUR_PRICING").pack()
    await harness.tap(MASTER, cancel)
    await harness.tap_button(MASTER, "Дорого")
    done, below = harness.screen(MASTER, last=2).split("Номер +7 903 555-12-34 новый", 1)
    assert f"Заказ № {order_id} отменён." in done
    assert "Как зовут клиента?" in below
    await harness.send(MASTER, "Пётр Сидоров")
    assert "Новый клиент: Пётр Сидоров, +7 903 555-12-34" in harness.screen(MASTER)


async def test_stage_work_over_a_new_order_gives_it_back_when_left(harness, shop):
    """The master opens a client's approval from its card mid new order and leaves it: the
    new order is drawn again below, with the phone typed, and goes on."""
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.send(MASTER, "➕ Новый заказ")
    await harness.send(MASTER, "+7 903 555-12-34")
    act = OrderCallback(action="act", order_id=order_id, stage="CLIENT_APPROVAL").pack()
    await harness.tap(MASTER, act)
    assert f"№ {order_id}" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Отмена")
    left, below = harness.screen(MASTER, last=2).split("Номер +7 903 555-12-34 новый", 1)
    assert "Действие отменено." in left
    assert "Как зовут клиента?" in below
    await harness.send(MASTER, "Пётр Сидоров")
    assert "Новый клиент: Пётр Сидоров, +7 903 555-12-34" in harness.screen(MASTER)


async def test_a_cancel_over_the_same_orders_dialog_does_not_bring_it_back(harness, shop):
    """The master cancels from the card while the order's approval is open: the approval goes
    with its buttons (it would come back for a cancelled order), the cancel's answer is last."""
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    await harness.tap(
        MASTER, OrderCallback(action="act", order_id=order_id, stage="CLIENT_APPROVAL").pack()
    )
    cancel = OrderCallback(action="cancel", order_id=order_id, stage="CLIENT_APPROVAL").pack()
    await harness.tap(MASTER, cancel)
    await harness.tap_button(MASTER, "Дорого")
    assert harness.last_text(MASTER) == f"Заказ № {order_id} отменён."
    assert "Клиент согласен" not in harness.screen(MASTER, last=5)


async def test_at_most_one_dialog_waits_below(harness, shop):
    """A new order half typed, then an approval, then a cancel of another order over it: the
    approval goes, and what comes back when the cancel prompt is left is the new order."""
    approving = await shop.order_at(Stage.CLIENT_APPROVAL)
    cancelled = await shop.order_at(Stage.LABOUR_PRICING)
    await harness.send(MASTER, "➕ Новый заказ")
    await harness.send(MASTER, "+7 903 555-12-34")
    act = OrderCallback(action="act", order_id=approving, stage="CLIENT_APPROVAL").pack()
    await harness.tap(MASTER, act)
    cancel = OrderCallback(action="cancel", order_id=cancelled, stage="LABOUR_PRICING").pack()
    await harness.tap(MASTER, cancel)
    shown = harness.screen(MASTER, last=3)
    assert "Клиент согласен" not in shown, shown  # its buttons are gone
    await harness.tap_button(MASTER, "Отмена")
    shown = harness.screen(MASTER, last=2)
    assert "Как зовут клиента?" in shown, shown
