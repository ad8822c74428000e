"""Bitrix24 settings from the environment (`BITRIX24_*`); no webhook means Bitrix24 is off."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.crm.bitrix24.webhook import InvalidWebhookUrl, Webhook

# Cloud leaky bucket per plan (contract §4): (drain per second, bucket size).
PLAN_LIMITS: dict[str, tuple[float, int]] = {"standard": (2.0, 50), "enterprise": (5.0, 250)}


class Bitrix24Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BITRIX24_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # A malformed URL must not be echoed into a log by the validation error.
        hide_input_in_errors=True,
    )

    # Inbound webhook, https://<portal>/rest/<user id>/<secret>/; unset = the bot runs without
    # Bitrix24 and writes no outbox rows.
    webhook_url: SecretStr | None = None
    # The portal's plan sets the leaky bucket: standard 2 req/s, burst 50; enterprise 5/s, 250.
    plan: Literal["standard", "enterprise"] = "standard"
    # Explicit limits win over the plan, e.g. when other apps share the portal from this IP.
    rate: float | None = Field(default=None, gt=0)
    burst: int | None = Field(default=None, ge=1)
    # Seconds to wait for one answer; the cloud cuts a request off at 60 s anyway.
    timeout: float = Field(default=30.0, gt=0, le=120)
    # Token of the portal's outgoing webhook, compared with `auth[application_token]` of events.
    app_token: SecretStr | None = None
    # Local port of the HTTP listener that receives the portal's events.
    events_port: int = Field(default=8081, ge=1, le=65535)
    # Seconds the relay holds the outbox messages of one cycle. If the bot dies mid-cycle, they
    # are sent again (once: the syncs look up before creating) when this runs out; it must be
    # longer than any cycle, or a second relay may take messages still being sent.
    lease_seconds: float = Field(default=1200.0, ge=1)

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _empty_is_off(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        try:
            webhook = Webhook.parse(value.get_secret_value())
        except InvalidWebhookUrl as exc:
            raise ValueError(str(exc)) from None
        return SecretStr(webhook.base)

    @field_validator("app_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def enabled(self) -> bool:
        return self.webhook_url is not None

    @property
    def effective_rate(self) -> float:
        return self.rate if self.rate is not None else PLAN_LIMITS[self.plan][0]

    @property
    def effective_burst(self) -> int:
        return self.burst if self.burst is not None else PLAN_LIMITS[self.plan][1]

    def secrets(self) -> list[str]:
        """Values that must never appear in a log line (for the log redactor)."""
        values: list[str] = []
        if self.webhook_url is not None:
            values.append(Webhook.parse(self.webhook_url.get_secret_value()).secret)
        if self.app_token is not None:
            values.append(self.app_token.get_secret_value())
        return values
