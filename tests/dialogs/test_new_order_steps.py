"""New order: wrong input, «Назад», «Отмена», editing the parts list, who may start it."""

from __future__ import annotations

from aiogram.types import Document
from sqlalchemy import func, select

from bot.callbacks import OrderCallback
from services.orders import Stage
from services.storage.models import Car, Client, Order, OrderMedia
from tests.dialogs.conftest import DIRECTOR, MASTER, SUPPLIER

NEW_ORDER = "➕ Новый заказ"


async def _count(session_factory, model) -> int:  # type: ignore[no-untyped-def]
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def _to_parts(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+79161234567")
    await harness.tap_button(MASTER, "BMW X5")
    await harness.send(MASTER, "стук спереди")


async def test_wrong_phone_vin_and_parts_line_ask_again(harness, shop):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "916 12")
    screen = harness.screen(MASTER)
    assert "В номере не хватает цифр." in screen
    assert "шаг 1 из 7" in screen and "Телефон клиента?" in screen

    await harness.send(MASTER, "8 903 555 12 34")
    await harness.send(MASTER, "Пётр")
    await harness.send(MASTER, "XTAGFL110JY12345")  # 16 characters
    screen = harness.screen(MASTER)
    assert "В VIN должно быть ровно 17 знаков." in screen
    assert "шаг 3 из 7" in screen and "VIN или госномер" in screen
    await harness.send(MASTER, "XTAGFL110JY12345O")
    assert "В VIN не бывает букв I, O и Q" in harness.screen(MASTER)
    await harness.send(MASTER, "А12")
    assert "Не похоже на российский госномер." in harness.screen(MASTER)

    await harness.send(MASTER, "XTAGFL110JY123456")
    await harness.send(MASTER, "не заводится")
    await harness.send(MASTER, "Колодки передние 2")
    await harness.send(MASTER, "Фильтр масляный 1\nСвеча; 123; ноль\nДиск; a; b; c")
    screen = harness.screen(MASTER)
    assert "Строка 2: неверное количество" in screen
    assert "Строка 3: слишком много «;»" in screen
    assert "Из этого сообщения ничего не добавлено" in screen
    assert "Запчасти (1):" in screen and "1. Колодки передние ×2" in screen
    assert "Фильтр масляный" not in screen


async def test_long_complaint_and_stray_input_keep_the_question(harness, shop):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+79161234567")
    await harness.tap_button(MASTER, "BMW X5")
    await harness.send(MASTER, "а" * 1001)
    screen = harness.screen(MASTER)
    assert "Жалоба длиннее 1\xa0000 знаков (1\xa0001)." in screen and "шаг 4 из 7" in screen
    calls = []
    for _ in range(3):  # an album where text is asked: one answer, not three
        calls += await harness.send_photo(MASTER, media_group_id="early")
    assert len([c for c in calls if type(c).__name__ == "SendMessage"]) == 1
    assert "Не понял. Ответьте на вопрос ниже" in harness.screen(MASTER)
    await harness.send(MASTER, "📋 Мои заказы")  # the menu still works mid-dialog
    assert "Жалоба клиента?" not in harness.last_text(MASTER)


async def test_back_keeps_typed_answers(harness, shop):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "8 903 555 12 34")
    await harness.send(MASTER, "Пётр Сидоров")
    await harness.send(MASTER, "XTAGFL110JY123456")
    await harness.send(MASTER, "не заводится")
    await harness.send(MASTER, "Стартер 1")

    await harness.tap_button(MASTER, "◀️ Назад")
    screen = harness.screen(MASTER)
    assert "шаг 4 из 7" in screen and "Сейчас: не заводится" in screen
    await harness.tap_button(MASTER, "◀️ Назад")
    screen = harness.screen(MASTER)
    assert "шаг 3 из 7" in screen
    assert "Сейчас: AvtoVAZ Vesta (2018) · VIN XTAGFL110JY123456" in screen
    await harness.tap_button(MASTER, "◀️ Назад")
    assert "Сейчас: Пётр Сидоров" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "◀️ Назад")
    screen = harness.screen(MASTER)
    assert "шаг 1 из 7" in screen and "Сейчас: +7 903 555-12-34" in screen
    assert "◀️ Назад" not in screen  # the first step has nowhere to go back to

    for step in ("шаг 2 из 7", "шаг 3 из 7", "шаг 4 из 7", "шаг 5 из 7"):
        await harness.tap_button(MASTER, "Оставить как есть")
        assert step in harness.screen(MASTER)
    assert "1. Стартер ×1" in harness.screen(MASTER)

    # Typing the same phone again keeps the rest too.
    for _ in range(4):
        await harness.tap_button(MASTER, "◀️ Назад")
    await harness.send(MASTER, "+7 903 555-12-34")
    assert "Сейчас: Пётр Сидоров" in harness.screen(MASTER)


async def test_cancel_leaves_nothing(harness, shop, session_factory):
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "8 903 555 12 34")
    await harness.send(MASTER, "Пётр Сидоров")
    await harness.send(MASTER, "XTAGFL110JY123456")
    await harness.send(MASTER, "не заводится")
    await harness.send(MASTER, "Стартер 1")
    await harness.send_photo(MASTER)
    await harness.tap_button(MASTER, "Готово")
    assert "шаг 7 из 7" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "Отмена")
    assert harness.screen(MASTER) == "Действие отменено."
    assert await _count(session_factory, Order) == 0
    assert await _count(session_factory, Client) == 1  # the shop's own
    assert await _count(session_factory, Car) == 1
    assert await _count(session_factory, OrderMedia) == 0

    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "8 903 555 12 34")
    await harness.send(MASTER, "/cancel")
    assert harness.last_text(MASTER) == "Действие отменено."
    await harness.send(MASTER, "Пётр")  # no dialog any more
    assert await _count(session_factory, Client) == 1


async def test_edit_and_remove_parts(harness, shop, session_factory):
    await _to_parts(harness)
    await harness.tap_button(MASTER, "Без запчастей")  # none at first …
    await harness.tap_button(MASTER, "◀️ Назад")  # … then changed his mind
    await harness.send(MASTER, "Колодки передние 2\nДиск тормозной 2\nДатчик износа 1")
    await harness.tap_button(MASTER, "✏️ 2")
    screen = harness.screen(MASTER)
    assert "✏️ 2. Диск тормозной ×2" in screen and "строку на замену" in screen
    await harness.send(MASTER, "Диск тормозной; 34116792217; 2")
    await harness.tap_button(MASTER, "🗑 3")
    screen = harness.screen(MASTER)
    assert "Запчасти (2):" in screen
    assert "2. Диск тормозной (34116792217) ×2" in screen and "Датчик" not in screen
    assert "✏️ 3" not in screen
    await harness.tap_button(MASTER, "✏️ 1")
    await harness.send(MASTER, "Колодки; ; ноль")  # a wrong replacement: asked again
    screen = harness.screen(MASTER)
    assert "Строка 1: неверное количество" in screen and "✏️ 1. Колодки передние ×2" in screen
    await harness.tap_button(MASTER, "◀️ Назад")  # leave it as it was
    assert "1. Колодки передние ×2" in harness.screen(MASTER)
    await harness.tap_button(MASTER, "➕ Ещё")
    assert "Пришлите запчасти, по одной в строке" in harness.screen(MASTER)
    await harness.send(MASTER, "Фильтр салона")
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Пропустить")
    await harness.tap_button(MASTER, "Сохранить")
    async with session_factory() as session:
        order = (await session.scalars(select(Order))).one()
        await session.refresh(order, ["parts"])
    assert [(p.position, p.name, p.article, int(p.quantity)) for p in order.parts] == [
        (1, "Колодки передние", None, 2),
        (2, "Диск тормозной", "34116792217", 2),
        (3, "Фильтр салона", None, 1),
    ]


async def test_video_as_file_and_big_video(harness, shop, session_factory):
    await _to_parts(harness)
    await harness.tap_button(MASTER, "Без запчастей")
    assert "Пропустить" in harness.screen(MASTER)
    await harness.send_video(MASTER, size=45_000_000)
    doc = harness._message(
        MASTER,
        document=Document(
            file_id="doc-video", file_unique_id="udv", mime_type="video/mp4", file_size=1000
        ),
    )
    await harness.send_message(MASTER, doc)
    pdf = harness._message(
        MASTER,
        document=Document(file_id="doc-pdf", file_unique_id="upd", mime_type="application/pdf"),
    )
    await harness.send_message(MASTER, pdf)
    screen = harness.screen(MASTER)
    assert "Этот файл не подходит. Пришлите фото или видео." in screen
    assert "📷 Фото: 0, видео: 2" in screen
    assert "Больше 20 МБ: 1" in screen
    await harness.tap_button(MASTER, "Готово")
    await harness.tap_button(MASTER, "Сохранить")
    async with session_factory() as session:
        media = (await session.scalars(select(OrderMedia).order_by(OrderMedia.id))).all()
    assert [(m.kind, m.file_size) for m in media] == [("video", 45_000_000), ("document", 1000)]


async def test_who_may_open_an_order(harness, shop):
    await harness.send(SUPPLIER, NEW_ORDER)
    assert "Новый заказ · шаг" not in harness.last_text(SUPPLIER)
    await harness.send(DIRECTOR, NEW_ORDER)
    assert "Новый заказ · шаг 1 из 7" in harness.last_text(DIRECTOR)


async def test_a_typed_answer_sends_the_next_step_and_a_tap_edits_it(harness, shop):
    """What the README says: a typed answer gets the next step as a new message (the previous
    one loses its buttons); a tap edits the screen in place."""
    await harness.send(MASTER, NEW_ORDER)
    first = max(harness.session.chats[MASTER.id])
    calls = await harness.send(MASTER, "+79161234567")
    assert [type(c).__name__ for c in calls if type(c).__name__.startswith(("Send", "Edit"))] == [
        "SendMessage",
        "EditMessageReplyMarkup",
    ]
    chat = harness.session.chats[MASTER.id]
    second = max(chat)
    assert second != first and "шаг 2 из 7" in chat[second].text
    assert chat[first].markup is None  # no stale buttons on the first step

    calls = await harness.tap_button(MASTER, "BMW X5")
    assert not [c for c in calls if type(c).__name__ == "SendMessage"]
    assert max(chat) == second and "шаг 4 из 7" in chat[second].text


async def test_a_new_order_over_an_open_dialog_leaves_nothing_behind(harness, shop):
    """The menu's new order replaces a dialog left open (here the client approval): once the
    order is saved, typed text is not taken for an answer to the older dialog."""
    order_id = await shop.order_at(Stage.CLIENT_APPROVAL)
    act = OrderCallback(action="act", order_id=order_id, stage=Stage.CLIENT_APPROVAL.value)
    await harness.tap(MASTER, act.pack())
    assert "Согласование с клиентом" in harness.screen(MASTER)
    await harness.send(MASTER, NEW_ORDER)
    await harness.send(MASTER, "+79161234567")
    await harness.tap_button(MASTER, "BMW X5")
    await harness.send(MASTER, "ТО")
    await harness.tap_button(MASTER, "Без запчастей")
    await harness.tap_button(MASTER, "Пропустить")
    await harness.tap_button(MASTER, "Сохранить")
    assert "создан" in harness.last_text(MASTER)
    await harness.send(MASTER, "как дела")
    assert "Согласование с клиентом" not in harness.last_text(MASTER)
    assert "Выберите действие на клавиатуре" in harness.last_text(MASTER)
