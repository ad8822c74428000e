"""A delivery's new date: the supplier's «Новая дата» on a delivery check
(handlers.delivery_answers) asks for it and waits until it reads as a day from today on, typed
or tapped in the calendar under the question; a bad or past one is refused and the question
stays. Then `services.alerts.answers.new_date` re-plans the
checks, and the last screen says so (or why it could not)."""

from __future__ import annotations

from aiogram import Router

from dialogs.delivery_date import dialog


def setup() -> Router:
    return dialog.build()
