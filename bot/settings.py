"""Settings from the environment and `.env`, one class per section (see `.env.example`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.alerts.config import AlertSettings
from services.crm.bitrix24.config import Bitrix24Settings
from services.storage.engine import DEFAULT_POOL_SIZE

SUPPORTED_LOCALES = ("ru", "en")
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_ENV_FILE = ".env"


class _Section(BaseSettings):
    model_config = SettingsConfigDict(env_file=_ENV_FILE, env_file_encoding="utf-8", extra="ignore")


class BotSettings(_Section):
    model_config = SettingsConfigDict(env_prefix="BOT_")

    token: SecretStr
    # Only needed to print invite links from the command line without asking Telegram.
    username: str | None = None

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():  # `BOT_TOKEN=` in .env: nothing pasted yet
            raise ValueError("is required but not set")
        if not _TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("is malformed: a token from @BotFather looks like 123456:ABC…")
        return SecretStr(value.get_secret_value().strip())

    @property
    def bot_id(self) -> str:
        """The bot's numeric id: the token's part before the colon."""
        return self.token.get_secret_value().split(":", 1)[0]


class TelegramSettings(_Section):
    model_config = SettingsConfigDict(env_prefix="TELEGRAM_")

    # A local Bot API server lifts the 20 MB download / 50 MB upload limits.
    api_url: str | None = None
    api_is_local: bool = False

    @field_validator("api_url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else None


class DatabaseSettings(_Section):
    model_config = SettingsConfigDict(env_prefix="DATABASE_")

    url: str = "sqlite+aiosqlite:///./data/stobot.sqlite3"
    echo: bool = False
    # PostgreSQL connections one bot process keeps open (see services/storage/engine.py).
    pool_size: int = Field(default=DEFAULT_POOL_SIZE, ge=1, le=500)

    @field_validator("url")
    @classmethod
    def _driver(cls, value: str) -> str:
        if value.startswith(("postgres://", "postgresql://")):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            return "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if not value.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            raise ValueError("use postgresql+asyncpg://… or sqlite+aiosqlite:///…")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


class RedisSettings(_Section):
    model_config = SettingsConfigDict(env_prefix="REDIS_")

    url: str | None = None

    @field_validator("url")
    @classmethod
    def _scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value or None


class ShopSettings(_Section):
    default_locale: str = "ru"
    shop_timezone: str = "Europe/Moscow"
    # Per-user flood limit: this many updates per second, with a short burst allowed.
    throttle_rate: float = Field(default=3.0, gt=0)
    throttle_burst: int = Field(default=8, ge=1)
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)

    @field_validator("default_locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("shop_timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone, e.g. Europe/Moscow") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.shop_timezone)


class WebhookSettings(_Section):
    model_config = SettingsConfigDict(env_prefix="WEBHOOK_")

    # Set the public HTTPS address to switch from long polling to webhook mode.
    url: str | None = None
    secret: SecretStr | None = None
    path: str = "/telegram/webhook"
    host: str = "0.0.0.0"
    port: int = Field(default=8080, ge=1, le=65535)

    @field_validator("url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value and not value.startswith("https://"):
            raise ValueError("Telegram only delivers to https:// addresses")
        return value.rstrip("/") if value else None

    @field_validator("secret")
    @classmethod
    def _secret_chars(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("1-256 characters: letters, digits, _ and -")
        return value

    @property
    def enabled(self) -> bool:
        return self.url is not None


class Settings:
    """All sections together; built once at start-up."""

    def __init__(self, **sections: Any) -> None:
        self.bot: BotSettings = sections.get("bot") or BotSettings()  # type: ignore[call-arg]
        self.telegram: TelegramSettings = sections.get("telegram") or TelegramSettings()
        self.database: DatabaseSettings = sections.get("database") or DatabaseSettings()
        self.redis: RedisSettings = sections.get("redis") or RedisSettings()
        self.shop: ShopSettings = sections.get("shop") or ShopSettings()
        self.webhook: WebhookSettings = sections.get("webhook") or WebhookSettings()
        # No BITRIX24_WEBHOOK_URL = no mirror: the bot runs on its own database alone.
        self.bitrix24: Bitrix24Settings = sections.get("bitrix24") or Bitrix24Settings()
        # Work hours, digest and reminder times, Telegram sending limits (no prefix).
        self.alerts: AlertSettings = sections.get("alerts") or AlertSettings()

    def secrets(self) -> list[str]:
        """Values that must never appear in a log line."""
        values = [self.bot.token.get_secret_value()]
        if self.webhook.secret:
            values.append(self.webhook.secret.get_secret_value())
        return values + self.bitrix24.secrets()


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable."""


_PREFIXES = {
    BotSettings: "BOT_",
    TelegramSettings: "TELEGRAM_",
    DatabaseSettings: "DATABASE_",
    RedisSettings: "REDIS_",
    ShopSettings: "",
    WebhookSettings: "WEBHOOK_",
    Bitrix24Settings: "BITRIX24_",
    AlertSettings: "",
}


class _LocaleOnly(_Section):
    default_locale: str = "ru"


def lenient_locale() -> str:
    """The language of a one-shot command's messages: another bad setting (SHOP_TIMEZONE) is
    not this command's business, and a bad DEFAULT_LOCALE falls back to Russian."""
    try:
        value = _LocaleOnly().default_locale
    except ValidationError:
        return "ru"
    return value if value in SUPPORTED_LOCALES else "ru"


def describe_validation_error(section: type[BaseSettings], error: ValidationError) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    variable = f"{_PREFIXES.get(section, '')}{field}".upper()
    if first["type"] == "missing":
        reason = "is required but not set"
    else:
        reason = str(first["msg"]).removeprefix("Value error, ")
    return f"{variable} {reason}"


def load_settings(env_file: str | Path | None = _ENV_FILE) -> Settings:
    sections: dict[str, BaseSettings] = {}
    for name, section in (
        ("bot", BotSettings),
        ("telegram", TelegramSettings),
        ("database", DatabaseSettings),
        ("redis", RedisSettings),
        ("shop", ShopSettings),
        ("webhook", WebhookSettings),
        ("bitrix24", Bitrix24Settings),
        ("alerts", AlertSettings),
    ):
        try:
            sections[name] = section(_env_file=env_file)  # type: ignore[call-arg]
        except ValidationError as exc:
            raise ConfigError(describe_validation_error(section, exc)) from None
    return Settings(**sections)
