"""Every action the code writes into the audit journal is an `AuditAction`, and each has a name
in both languages; the journal shows each with its facts as words (services/audit/journal.py)."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from services.audit.journal import Names, describe
from services.audit.log import AuditAction
from services.crm.mirror.texts import ACTION_KEYS
from services.storage.models import AuditEvent
from tests.raw_forms import fluent_errors, message_ids, raw_forms

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "dialogs", "services")
MIGRATIONS = ROOT / "services" / "storage" / "migrations" / "versions"
TZ = ZoneInfo("Europe/Moscow")
_CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")

# What each action's row holds, as the code writes it (entity, then the facts): a new action
# comes with its row here, so its line in the journal is read before a director reads it.
ROWS: dict[AuditAction, tuple[str | None, str | None, dict[str, Any]]] = {
    AuditAction.ACCESS_REFUSED: ("order", "12", {"action_name": "stage.act"}),
    AuditAction.CAR_CREATED: (
        "car",
        "3",
        {"owner_client_id": 5, "vin": "XTA21099012345678", "plate": "А123ВС77"},
    ),
    AuditAction.CAR_DRIVER_ADDED: ("car", "3", {"client_id": 6, "note": None}),
    AuditAction.CAR_OWNER_CHANGED: (
        "car",
        "3",
        {"old_owner_client_id": None, "new_owner_client_id": 5, "source": "import"},
    ),
    AuditAction.CAR_PLATE_CHANGED: ("car", "3", {"old": None, "new": "А123ВС77"}),
    AuditAction.CAR_VIN_CHANGED: ("car", "3", {"old": None, "new": "XTA21099012345678"}),
    AuditAction.CLIENT_APPROVED: ("order", "12", {"appointment_at": "2026-12-10T07:00:00+00:00"}),
    AuditAction.CLIENT_CREATED: ("client", "5", {"phone_tail": "4567"}),
    AuditAction.CLIENT_PHONE_ADDED: (
        "client",
        "5",
        {"phone_tail": "4567", "retired_tails": ["1234"]},
    ),
    AuditAction.CLIENT_PHONE_RETIRED_DUPLICATE: ("client", "5", {"phone_tail": "4567"}),
    AuditAction.CLIENT_RENAMED: ("client", "5", {"old": "Иван", "new": "Иван Петров"}),
    AuditAction.DELIVERY_CANCELLED: ("order", "12", {"part_id": 7}),
    AuditAction.DELIVERY_ON_TIME: ("order", "12", {"part_id": 7}),
    AuditAction.IMPORT_FINISHED: (None, None, {"rows": 120, "counts": {"phone_split": 3}}),
    AuditAction.INVITE_CREATED: ("invite", "2", {"role": "storekeeper"}),
    AuditAction.INVITE_REDEEMED: ("invite", "2", {"role": "storekeeper"}),
    AuditAction.INVITE_REFUSED: ("invite", None, {"reason": "expired"}),
    AuditAction.LABOUR_APPROVED: ("order", "12", {}),
    AuditAction.MIRROR_RETRIED: (None, None, {"message_id": 40, "count": 3}),
    AuditAction.ORDER_CANCELLED: ("order", "12", {"stage": "CLIENT_APPROVAL", "reason": "Дорого"}),
    AuditAction.ORDER_CREATED: ("order", "12", {"parts": 3, "media": 4}),
    AuditAction.ORDER_DONE: ("order", "12", {}),
    AuditAction.ORDER_FORCED: (
        "order",
        "12",
        {"source": "PARTS_PURCHASE", "target": "DONE", "reason": "выдан без проверки"},
    ),
    AuditAction.ORDER_MASTER_CHANGED: (
        "order",
        "12",
        {"source": "bitrix24", "old": 1, "new": 2},
    ),
    AuditAction.ORDER_MONEY_CHANGED: (
        "order",
        "12",
        {
            "source": "bitrix24",
            "name": "Колодки",
            "field": "sale_price",
            "old": "3100.00",
            "new": "3300.00",
        },
    ),
    AuditAction.ORDER_MOVED: (
        "order",
        "12",
        {"from_stage": "PARTS_PRICING", "to_stage": "LABOUR_PRICING", "kind": "forward"},
    ),
    AuditAction.ORDER_MOVED_BACK: (
        "order",
        "12",
        {"source": "LABOUR_PRICING", "target": "PARTS_PRICING", "reason": "дешевле у Emex"},
    ),
    AuditAction.PART_ADDED: ("order", "12", {"name": "Колодки", "source": "bitrix24"}),
    AuditAction.PART_ORDERED: (
        "order",
        "12",
        {"part_id": 7, "vendor_order_no": "E-55812", "expected_date": "2026-12-14"},
    ),
    AuditAction.PART_PRICED: (
        "order",
        "12",
        {"part_id": 7, "purchase": "3100.00", "sale": "4030.00"},
    ),
    AuditAction.PART_RECEIVED: ("order", "12", {"part_id": 7, "quantity": "2.000"}),
    AuditAction.PART_UNAVAILABLE: ("order", "12", {"part_id": 7}),
    AuditAction.SETTINGS_CHANGED: (
        "setting",
        "phone_visible_roles",
        {"before": ["director", "head"], "after": []},
    ),
    AuditAction.STAFF_ADDED: ("employee", "4", {"roles": ["master", "head"]}),
    AuditAction.STAFF_BITRIX_LINKED: ("employee", "4", {"before": None, "after": 12}),
    AuditAction.STAFF_DEACTIVATED: ("employee", "4", {"released_tasks": [3, 9]}),
    AuditAction.STAFF_ROLE_ADDED: ("employee", "4", {"role": "head"}),
    AuditAction.STAFF_ROLE_REMOVED: ("employee", "4", {"role": "head"}),
    AuditAction.STAFF_STARTED: (None, None, {}),
    AuditAction.TASK_CLAIMED: ("order", "12", {"task_id": 30}),
    AuditAction.TASK_REASSIGNED: ("order", "12", {"task_id": 30, "previous": None, "assignee": 2}),
    AuditAction.WORK_ADDED: ("order", "12", {"name": "Замена колодок", "cost": "1500.00"}),
    AuditAction.WORK_REMOVED: ("order", "12", {"name": "Замена колодок", "cost": "1500.00"}),
}
NAMES = Names(
    people={1: "Сергей Мастеров", 2: "Пётр Руководов", 4: "Анна Складова"}, parts={7: "Колодки"}
)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_action_has_a_name(locale: str) -> None:
    ids = set(message_ids(locale))
    assert [a.value for a in AuditAction if a.key not in ids] == []
    assert "audit-action-unknown" in ids


def _written_in_code() -> set[str]:
    """The action of every `audit.record(session, <action>, …)` call written as a string."""
    found: set[str] = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)
                ):
                    found.add(f"{path.relative_to(ROOT)}: {node.args[1].value!r}")
    return found


def _written_by_migrations() -> set[str]:
    """Migrations keep their own literals: each `"action": "…"` they insert."""
    found: set[str] = set()
    for path in MIGRATIONS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "action"
                        and isinstance(value, ast.Constant)
                    ):
                        found.add(value.value)
    return found


def test_the_code_writes_only_listed_actions() -> None:
    # `audit.record` takes an `AuditAction` (and refuses any other code at run time).
    assert _written_in_code() == set()
    migrations = _written_by_migrations()
    assert "client.phone_retired_duplicate" in migrations  # the scan sees them
    assert migrations - set(AuditAction) == set()
    assert set(ACTION_KEYS) - set(AuditAction) == set()


def test_every_action_has_a_sample_row() -> None:
    assert set(ROWS) == set(AuditAction)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_each_action_reads_as_words(locale: str) -> None:
    texts = Translator("ru").get(locale).raw
    bad = []
    with fluent_errors() as seen:
        for action, (entity, entity_id, facts) in ROWS.items():
            event = AuditEvent(
                action=action.value,
                entity_type=entity,
                entity_id=entity_id,
                details=facts,
                at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
            )
            shown = describe(event, NAMES, texts, TZ, locale)
            line = " · ".join((shown.action, shown.entity, shown.details))
            problems = raw_forms(line, locale) + [m.group() for m in _CODE.finditer(line)]
            problems += [k for k in facts if "_" in k and k in line]  # part_id, action_name
            if problems or not shown.action:
                bad.append(f"{action}: {problems}\n    {line}")
    assert not bad and not seen.errors, "\n".join(bad + seen.errors)


def test_the_facts_are_shown_the_bots_way() -> None:
    texts = Translator("ru").get("ru").raw

    def line(action: AuditAction) -> str:
        entity, entity_id, facts = ROWS[action]
        event = AuditEvent(
            action=action.value, entity_type=entity, entity_id=entity_id, details=facts
        )
        shown = describe(event, NAMES, texts, TZ, "ru")
        return " · ".join(p for p in (shown.action, shown.entity, shown.details) if p)

    assert line(AuditAction.ORDER_MOVED) == (
        "Заказ переведён на этап · заказ № 12 · Калькуляция запчастей → Калькуляция работ"
    )
    assert line(AuditAction.PART_PRICED) == (
        "Запчасть оценена · заказ № 12 · «Колодки»: закупка 3 100 ₽, продажа 4 030 ₽ за шт."
    )
    assert line(AuditAction.CLIENT_APPROVED).endswith("запись: чт 10.12, 10:00")
    assert line(AuditAction.PART_ORDERED).endswith("поставка пн 14.12")
    assert line(AuditAction.PART_RECEIVED).endswith("«Колодки» ×2")
    assert line(AuditAction.ACCESS_REFUSED) == (
        "Отказано в доступе · заказ № 12 · попытка: кнопка в заказе"
    )
    assert line(AuditAction.STAFF_ROLE_ADDED) == (
        "Сотруднику дана роль · сотрудник Анна Складова · руководитель СТО"
    )
    assert line(AuditAction.SETTINGS_CHANGED).endswith(": директор, руководитель СТО → никто")
    assert line(AuditAction.ORDER_MONEY_CHANGED).endswith(
        "«Колодки», цена продажи: 3 100 ₽ → 3 300 ₽"
    )
    assert line(AuditAction.CLIENT_PHONE_RETIRED_DUPLICATE) == (
        "Телефон снят с клиента: он уже был у другого · клиент № 5 · телефон …4567"
    )


def test_a_code_no_longer_written_still_reads_as_words() -> None:
    texts = Translator("ru").get("ru").raw
    event = AuditEvent(
        action="client.name_updated", entity_type="client", entity_id="5", details={}
    )
    shown = describe(event, Names(), texts, TZ, "ru")
    assert (shown.action, shown.entity, shown.details) == ("Другое событие", "клиент № 5", "")
