"""Throttling, the error handler and log redaction."""

from __future__ import annotations

import logging
import re

from aiogram.filters import Command
from aiogram.types import Message

from bot.middlewares.throttling import ThrottlingMiddleware
from bot.runtime.logging_setup import setup_logging
from bot.testing.fake_telegram import TelegramUser
from services.staff.roles import Role
from tests.conftest import TEST_TOKEN, add_employee

MASTER = TelegramUser(1002, "Сергей")


async def test_flood_is_dropped_with_one_warning(harness, session_factory, translator):
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)
    now = [0.0]
    throttle = next(
        m for m in harness.dispatcher.update.outer_middleware if isinstance(m, ThrottlingMiddleware)
    )
    throttle.rate, throttle.burst, throttle.clock = 1, 3.0, lambda: now[0]
    replies = [len(await harness.send(MASTER, "/start")) for _ in range(10)]
    assert replies == [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]  # three served, one warning, then silence
    assert harness.session.calls[3].text.startswith("Слишком много нажатий")
    now[0] += 2.0
    assert len(await harness.send(MASTER, "/start")) == 1


async def test_unexpected_error_apologises_and_logs_update_id(harness, session_factory, capsys):
    setup_logging([TEST_TOKEN])
    await add_employee(session_factory, MASTER.id, "Сергей", Role.MASTER)

    # The dispatcher's own handlers are tried before every router.
    @harness.dispatcher.message(Command("boom"))
    async def explode(message: Message) -> None:
        raise RuntimeError("kaboom")

    await harness.send(MASTER, "/boom")
    assert harness.last_text(MASTER).startswith("Что-то пошло не так")
    err = capsys.readouterr().err
    logging.getLogger().handlers.clear()
    assert "update.failed" in err and re.search(r"update_id=\d+\n", err), err
    assert "Traceback" in err and "RuntimeError: kaboom" in err


def test_logs_never_show_token_secret_or_phone(capsys):
    setup_logging([TEST_TOKEN, "webhook-secret-value"])
    logging.getLogger("aiogram.test").warning(
        "calling https://api.telegram.org/bot%s/getMe for +7 916 123-45-67 secret=%s",
        TEST_TOKEN,
        "webhook-secret-value",
    )
    import structlog

    structlog.get_logger("x").info("client", phone="89161234567", telegram_id=1002)
    logging.getLogger("apscheduler.test").info("next run at: 2026-11-24 03:05:07 MSK")
    err = capsys.readouterr().err
    assert TEST_TOKEN not in err and "webhook-secret-value" not in err
    assert "916 123-45-67" not in err and "89161234567" not in err
    assert "*********67" in err and "telegram_id=1002" in err
    assert "next run at: 2026-11-24 03:05:07 MSK" in err  # a time stamp is not a phone
    logging.getLogger().handlers.clear()


async def test_fake_bot_refuses_what_telegram_refuses(harness):
    import pytest
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    with pytest.raises(TelegramBadRequest):
        await harness.bot.send_message(1, "x" * 4097)
    too_long = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="d" * 65)]]
    )
    with pytest.raises(TelegramBadRequest):
        await harness.bot.send_message(1, "ok", reply_markup=too_long)
