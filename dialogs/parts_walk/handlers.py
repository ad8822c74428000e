"""The parts walk's handlers: each hands the event to the walk's kind and keeps its data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from bot.callbacks import OrderCallback
from dialogs.kit.stage import start
from dialogs.parts_walk.data import Walk, load, store
from dialogs.parts_walk.kinds import Ctx, PartsKind
from dialogs.parts_walk.registry import KIND_OF_STAGE, kind_of
from dialogs.parts_walk.states import PartsWalkSG


async def enter(
    query: CallbackQuery,
    callback_data: OrderCallback,
    state: FSMContext,
    dialog_manager: DialogManager,
) -> None:
    """The stage button of an order in pricing, purchase or delivery."""
    stage = callback_data.stage
    walk = Walk(kind=KIND_OF_STAGE[stage], order_id=callback_data.order_id, stage=stage)
    await start(dialog_manager, state, PartsWalkSG.parts, walk)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    walk = Walk.model_validate(start_data)
    await _run(manager, walk, lambda kind, ctx: kind.begin(ctx))


async def part_tapped(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    if not (value.isascii() and value.isdigit()):
        return  # a forged button: the screen is drawn again
    await _handle(manager, lambda kind, ctx: kind.part_tapped(ctx, int(value)))


async def picked(
    query: CallbackQuery, widget: Select[str], manager: DialogManager, value: str
) -> None:
    if manager.current_context().state != PartsWalkSG.step:
        return  # a forged answer: only a question has answers to pick
    await _handle(manager, lambda kind, ctx: kind.picked(ctx, value))


async def typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    text = message.text or ""
    await _handle(manager, lambda kind, ctx: kind.typed(ctx, text))


async def back(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _handle(manager, lambda kind, ctx: kind.back(ctx))


async def finish(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _handle(manager, lambda kind, ctx: kind.finish(ctx))


async def cancel(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    l10n = manager.middleware_data["l10n"]
    await Ctx(manager, load(manager)).close(l10n("dialog-cancelled"))


Action = Callable[[PartsKind, Ctx], Awaitable[None]]


async def _handle(manager: DialogManager, action: Action) -> None:
    walk = load(manager)
    walk.note = None  # shown once, on the screen right after the action it answers
    await _run(manager, walk, action)


async def _run(manager: DialogManager, walk: Walk, action: Action) -> None:
    ctx = Ctx(manager, walk)
    await action(kind_of(walk), ctx)
    if manager.has_context():  # not closed
        store(manager, walk)
