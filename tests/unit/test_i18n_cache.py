"""Formatted messages are kept (bot/i18n.py): the same text as Fluent gives, each time."""

from __future__ import annotations

from decimal import Decimal

from bot import i18n
from bot.i18n import Translator


def test_a_kept_message_is_what_fluent_formats() -> None:
    ru = Translator("ru").get("ru")
    for count in (1, 2, 5, 21, 1, 5):
        assert ru("labour-added", count=count) == ru._fluent.format_value(
            "labour-added", {"count": count}
        )
    assert ru("labour-added", count=1) != ru("labour-added", count=2)


def test_equal_values_of_other_types_are_kept_apart() -> None:
    ru = Translator("ru").get("ru")
    # Equal as dictionary keys, formatted differently: Fluent takes Decimal("1") as plural
    # "many" («Добавлено 1 работ»), the int 1 as "one".
    values = (1, 1.0, True, Decimal("1"), Decimal("1.0"), Decimal("1.50"))
    texts = [ru("labour-added", count=v, total="1") for v in values]
    assert texts == [
        ru._fluent.format_value("labour-added", {"count": v, "total": "1"}) for v in values
    ]
    assert texts[0] != texts[3]


def test_user_text_is_escaped_whether_kept_or_not() -> None:
    ru = Translator("ru").get("ru")
    first = ru("new-order-saved", order_id="<b>1</b>", stage="new", stage_label="x")
    again = ru("new-order-saved", order_id="<b>1</b>", stage="new", stage_label="x")
    assert first == again and "&lt;b&gt;" in first and "<b>" not in first


def test_the_kept_messages_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "FORMATTED_KEPT", 10)
    ru = Translator("ru").get("ru")
    for n in range(25):
        ru("labour-added", count=n)
    assert len(ru._formatted) <= 10
