"""The master's new order: phone → client → car → complaint → parts → photos → save.

Seven steps, one message edited in place; nothing is written before «✅ Сохранить».
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import NavCallback, PickCallback
from bot.filters import HasRole, MenuButton
from bot.i18n import L10n
from dialogs.common.filters import TypedAnswer
from dialogs.new_order import car, client, details, media, nav, saving
from dialogs.new_order import data as d
from dialogs.new_order.screens import KEEP, goto
from dialogs.new_order.states import NewOrderSG as SG
from services.roles import Role


def _pick(field: str) -> CallbackQueryFilter:
    return PickCallback.filter(F.field == field)


def _nav(action: str) -> CallbackQueryFilter:
    return NavCallback.filter(F.action == action)


async def not_understood(message: Message, state: FSMContext, l10n: L10n) -> None:
    """A sticker, a photo where text is asked, a stray message: the same question again."""
    data = await state.get_data()
    if message.media_group_id is not None:
        # An album where text is asked: answer its first item only.
        if data.get(d.ALBUM) == message.media_group_id:
            return
        await d.change(state, **{d.ALBUM: message.media_group_id})
    current = await state.get_state()
    target = next(s for s in SG.__states__ if s.state == current)
    await goto(message, state, l10n, target, notice=l10n("new-order-error-not-understood"))


async def stray_tap(query: CallbackQuery) -> None:
    # A button of an earlier screen of this dialog: nothing to do.
    await query.answer()


def setup() -> Router:
    router = Router(name=__name__)
    typed = TypedAnswer()
    media_message = F.photo | F.video | F.document
    router.message.register(client.start, MenuButton("menu-new-order"), HasRole(Role.MASTER))

    router.message.register(client.phone_typed, SG.phone, typed)
    router.callback_query.register(client.client_answered, SG.client_found, _pick("client"))
    router.callback_query.register(
        client.car_picked, StateFilter(SG.client_found, SG.car), _pick("car")
    )
    router.message.register(client.name_typed, SG.client_name, typed)
    router.callback_query.register(client.no_name, SG.client_name, _pick("name"))

    router.message.register(car.car_typed, SG.car, typed)
    router.callback_query.register(car.whose_answered, SG.car_whose, _pick("whose"))
    router.message.register(car.note_typed, SG.car_driver, typed)
    router.callback_query.register(car.note_picked, SG.car_driver, _pick("note"))
    router.message.register(car.model_typed, SG.car_model, typed)
    router.callback_query.register(car.model_skipped, SG.car_model, _pick("model"))

    router.message.register(details.complaint_typed, SG.complaint, typed)
    router.message.register(details.parts_typed, SG.parts, typed)
    router.callback_query.register(details.edit_part, SG.parts, _pick("edit"))
    router.callback_query.register(details.remove_part, SG.parts, _pick("del"))
    router.callback_query.register(details.more_parts, SG.parts, _pick("more"))
    router.callback_query.register(details.parts_done, SG.parts, _nav("done"))
    router.message.register(details.replacement_typed, SG.part_edit, typed)

    # Photos sent while the parts list is open mean "parts done": one tap saved.
    router.message.register(media.media_received, StateFilter(SG.parts, SG.media), media_message)
    router.callback_query.register(media.media_done, SG.media, _nav("done"))

    router.callback_query.register(saving.save, SG.summary, _nav("confirm"))

    every_step = StateFilter(SG)
    router.callback_query.register(nav.back, every_step, _nav("back"))
    router.callback_query.register(nav.keep, every_step, _pick(KEEP))
    router.callback_query.register(stray_tap, every_step, PickCallback.filter())
    router.callback_query.register(stray_tap, every_step, NavCallback.filter())
    router.message.register(not_understood, every_step, ~F.text)
    router.message.register(not_understood, every_step, typed)
    return router
