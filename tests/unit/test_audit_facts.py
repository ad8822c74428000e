"""Audit facts kept as machine text read the bot's way, one function for the journal and the
Bitrix24 timeline alike."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from services.audit.facts import format_fact
from services.crm.mirror.context import ShopFormat
from services.crm.mirror.texts import comment_text

MSK = ZoneInfo("Europe/Moscow")


def test_money_moments_and_days() -> None:
    assert format_fact("sale", "3100.00", MSK, "ru") == "3 100 ₽"
    assert format_fact("appointment_at", "2026-12-10T07:00:00+00:00", MSK, "ru") == (
        "чт 10.12, 10:00"
    )
    assert format_fact("expected_date", "2026-12-14", MSK, "ru") == "пн 14.12"
    assert format_fact("vendor_order_no", "A-12", MSK, "ru") is None
    assert format_fact("sale", "много", MSK, "ru") is None  # an unusual shape: as written


def test_the_timeline_uses_it() -> None:
    def texts(key: str, **args: object) -> str:
        return " ".join(f"{k}={v}" for k, v in sorted(args.items()))

    payload = {"actor": "Анна", "actions": [{"action": "part.priced", "sale": "3100.00"}]}
    shop = ShopFormat(tz=MSK, locale="ru")
    assert format_fact("sale", "3100.00", MSK, "ru") in comment_text(texts, payload, shop)
