"""The director's dialogs (the report, the audit journal): opened from the menu, a command or a
button of another screen, and reached by directors only."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_dialog import Dialog
from aiogram_dialog.api.entities import Context

from bot.filters import HasRole
from services.staff.roles import Role


class Asks(Filter):
    """A message while the dialog open asks for typed text in one of `states`."""

    def __init__(self, *states: State) -> None:
        self.states = frozenset(states)

    async def __call__(self, _message: Message, aiogd_context: Context | None = None) -> bool:
        return aiogd_context is not None and aiogd_context.state in self.states


def directors_only(dialog: Dialog, *typed: State) -> Router:
    """The dialog behind the role check: someone who is no director since it opened reaches it
    no more (handlers.director.guard refuses and audits the tap).

    Messages reach it only in the `typed` states, which ask for text: these dialogs stay open
    after their screen is read, and a text typed later (an order number, a plate) is searched
    as it would be with no dialog open."""
    router = Router(name=f"{dialog.name}.seat")
    router.message.filter(HasRole(Role.DIRECTOR), Asks(*typed))
    router.callback_query.filter(HasRole(Role.DIRECTOR))
    router.include_router(dialog)
    return router
