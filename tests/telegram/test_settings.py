"""A bad setting stops start-up with one line naming the variable, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import ConfigError, load_settings
from tests.waits import HANG

GOOD_TOKEN = "123456789:AAH-test-token-abcdefghijklmnopqrstu"


def _clear(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "BOT_TOKEN",
        "DATABASE_URL",
        "REDIS_URL",
        "WEBHOOK_URL",
        "SHOP_TIMEZONE",
        "DEFAULT_LOCALE",
        "TELEGRAM_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "BOT_TOKEN is required but not set"),
        ({"BOT_TOKEN": "nonsense"}, "BOT_TOKEN is malformed: a token from @BotFather"),
        ({"BOT_TOKEN": GOOD_TOKEN, "DATABASE_URL": "mysql://x"}, "DATABASE_URL use postgresql"),
        (
            {"BOT_TOKEN": GOOD_TOKEN, "SHOP_TIMEZONE": "Mars/Olympus"},
            "SHOP_TIMEZONE unknown time zone",
        ),
        (
            {"BOT_TOKEN": GOOD_TOKEN, "WEBHOOK_URL": "http://x"},
            "WEBHOOK_URL Telegram only delivers",
        ),
        ({"BOT_TOKEN": GOOD_TOKEN, "DEFAULT_LOCALE": "de"}, "DEFAULT_LOCALE must be one of"),
        ({"BOT_TOKEN": GOOD_TOKEN, "TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL must start"),
    ],
)
def test_bad_setting_names_the_variable(monkeypatch, tmp_path, env, expected):
    _clear(monkeypatch)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError) as error:
        load_settings(env_file=tmp_path / "none.env")
    assert str(error.value).startswith(expected)


def test_defaults_need_only_the_token(monkeypatch, tmp_path):
    _clear(monkeypatch)
    monkeypatch.setenv("BOT_TOKEN", GOOD_TOKEN)
    settings = load_settings(env_file=tmp_path / "none.env")
    assert settings.database.url.startswith("sqlite+aiosqlite:///")
    assert settings.redis.url is None and not settings.webhook.enabled
    assert settings.shop.default_locale == "ru" and settings.shop.shop_timezone == "Europe/Moscow"


def test_custom_bot_api_server_is_used(monkeypatch, tmp_path):
    from bot.app import build_bot

    _clear(monkeypatch)
    monkeypatch.setenv("BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("TELEGRAM_API_IS_LOCAL", "true")
    bot = build_bot(load_settings(env_file=tmp_path / "none.env"))
    assert (
        bot.session.api.api_url(GOOD_TOKEN, "getMe")
        == f"http://127.0.0.1:8081/bot{GOOD_TOKEN}/getMe"
    )
    assert bot.session.api.is_local


@pytest.mark.subprocess
def test_cli_prints_one_line_without_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,  # the exit is the event; HANG only catches a hang
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Configuration error: BOT_TOKEN is required but not set"


@pytest.mark.subprocess
def test_every_command_has_help():
    for args in (
        ["--help"],
        ["run", "--help"],
        ["migrate", "--help"],
        ["staff", "--help"],
        ["staff", "add", "--help"],
        ["staff", "list", "--help"],
        ["staff", "invite", "--help"],
        ["staff", "deactivate", "--help"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args], capture_output=True, text=True
        )
        assert result.returncode == 0 and "usage: stobot" in result.stdout, args
