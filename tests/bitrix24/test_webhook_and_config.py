"""The webhook address and the BITRIX24_* settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.crm.bitrix24.config import Bitrix24Settings
from services.crm.bitrix24.webhook import InvalidWebhookUrl, Webhook

SECRET = "s3cr3tw3bh00k"


@pytest.mark.parametrize(
    "url",
    [
        f"https://shop.bitrix24.ru/rest/12/{SECRET}/",
        f"https://shop.bitrix24.ru/rest/12/{SECRET}",
        f"https://shop.bitrix24.ru/rest/12/{SECRET}/profile.json",
        f"  https://shop.bitrix24.ru/rest/12/{SECRET}/crm.deal.list/  ",
    ],
)
def test_webhook_parsing_keeps_only_the_base(url: str) -> None:
    webhook = Webhook.parse(url)
    assert webhook.base == f"https://shop.bitrix24.ru/rest/12/{SECRET}/"
    assert webhook.method_url("crm.deal.add") == webhook.base + "crm.deal.add"
    assert SECRET not in webhook.redacted
    assert webhook.host == "shop.bitrix24.ru"


def test_bad_webhook_message_does_not_quote_it() -> None:
    with pytest.raises(InvalidWebhookUrl) as info:
        Webhook.parse(f"https://shop.bitrix24.ru/api/{SECRET}")
    assert SECRET not in str(info.value)


def test_moved_keeps_the_path_on_the_new_domain() -> None:
    webhook = Webhook.parse(f"https://old.bitrix24.ru/rest/12/{SECRET}/")
    moved = webhook.moved_to("https://new.bitrix24.ru/", webhook.method_url("crm.deal.add"))
    assert moved.base == f"https://new.bitrix24.ru/rest/12/{SECRET}/"
    full = webhook.moved_to(
        f"https://new.bitrix24.ru/rest/12/{SECRET}/crm.deal.add", webhook.method_url("crm.deal.add")
    )
    assert full.base == f"https://new.bitrix24.ru/rest/12/{SECRET}/"
    with pytest.raises(InvalidWebhookUrl):
        webhook.moved_to("http://new.bitrix24.ru/", webhook.method_url("crm.deal.add"))


def test_settings_default_to_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BITRIX24_WEBHOOK_URL", raising=False)
    settings = Bitrix24Settings(_env_file=None)
    assert not settings.enabled
    assert (settings.effective_rate, settings.effective_burst) == (2.0, 50)


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITRIX24_WEBHOOK_URL", f"https://shop.bitrix24.ru/rest/12/{SECRET}/profile")
    monkeypatch.setenv("BITRIX24_PLAN", "enterprise")
    monkeypatch.setenv("BITRIX24_APP_TOKEN", "tok")
    settings = Bitrix24Settings(_env_file=None)
    assert settings.enabled
    assert settings.webhook_url is not None
    assert settings.webhook_url.get_secret_value() == f"https://shop.bitrix24.ru/rest/12/{SECRET}/"
    assert (settings.effective_rate, settings.effective_burst) == (5.0, 250)
    assert SECRET not in repr(settings)
    assert SECRET in settings.secrets() and "tok" in settings.secrets()
    monkeypatch.setenv("BITRIX24_RATE", "1.5")
    monkeypatch.setenv("BITRIX24_BURST", "40")
    settings = Bitrix24Settings(_env_file=None)
    assert (settings.effective_rate, settings.effective_burst) == (1.5, 40)


def test_empty_webhook_means_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITRIX24_WEBHOOK_URL", "")
    assert not Bitrix24Settings(_env_file=None).enabled


def test_malformed_webhook_is_rejected_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITRIX24_WEBHOOK_URL", f"https://shop.bitrix24.ru/{SECRET}")
    with pytest.raises(ValidationError) as info:
        Bitrix24Settings(_env_file=None)
    assert SECRET not in str(info.value)
