"""Reading the audit journal: search by person, order and dates; export as CSV.

The journal stores codes and machine facts ("order.moved", `LABOUR_PRICING`, "3100.00", ISO
dates, ids); a person reads words: `describe` names the action, the thing it touched and its
facts the way the bot shows them («Заказ переведён на этап · заказ № 12 · Калькуляция
запчастей → Калькуляция работ»), on the screen and in the CSV alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit.facts import format_fact
from services.audit.log import AuditAction
from services.normalize.money import format_money, format_quantity
from services.normalize.plate import format_plate
from services.orders.stages import Stage
from services.storage.models import AuditEvent, Client, Employee, OrderPart

PAGE = 15
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class JournalFilter:
    actor_id: int | None = None
    order_id: int | None = None
    since: datetime | None = None  # UTC, inclusive
    until: datetime | None = None  # UTC, exclusive


@dataclass(frozen=True)
class JournalEntry:
    event: AuditEvent
    actor_name: str | None


def _query(f: JournalFilter) -> Select[tuple[AuditEvent, str | None]]:
    query = select(AuditEvent, Employee.full_name).outerjoin(
        Employee, Employee.id == AuditEvent.actor_id
    )
    if f.actor_id is not None:
        query = query.where(AuditEvent.actor_id == f.actor_id)
    if f.order_id is not None:
        # Order events name the order as the entity; refusals about an order do too.
        query = query.where(
            AuditEvent.entity_type == "order", AuditEvent.entity_id == str(f.order_id)
        )
    if f.since is not None:
        query = query.where(AuditEvent.at >= f.since)
    if f.until is not None:
        query = query.where(AuditEvent.at < f.until)
    return query


async def search(
    session: AsyncSession, f: JournalFilter, offset: int = 0, limit: int = PAGE
) -> tuple[list[JournalEntry], int]:
    """A page of entries, newest first, and how many match in all."""
    total = await session.scalar(select(func.count()).select_from(_query(f).subquery()))
    rows = await session.execute(
        _query(f).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
    )
    return [JournalEntry(e, name) for e, name in rows.all()], int(total or 0)


async def export_csv(
    session: AsyncSession,
    f: JournalFilter,
    headings: Sequence[str],
    texts: Texts,
    tz: ZoneInfo,
    locale: str,
) -> bytes:
    """Words, as on the screen: a director's spreadsheet, not an integration feed (the
    integration is the Bitrix24 mirror). The number of the thing touched keeps a column of
    its own, to sort and filter by."""
    rows = (
        await session.execute(_query(f).order_by(AuditEvent.at, AuditEvent.id).limit(EXPORT_LIMIT))
    ).all()
    names = await names_for(session, [event for event, _ in rows])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for event, name in rows:
        shown = describe(event, names, texts, tz, locale)
        writer.writerow(
            [
                event.at.astimezone(tz).strftime("%d.%m.%Y %H:%M:%S"),
                _inert(name or ""),
                event.actor_telegram_id or "",
                shown.action,
                _inert(shown.entity),
                event.entity_id if event.entity_id and event.entity_id.isdigit() else "",
                _inert(shown.details),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _inert(cell: str) -> str:
    """People's text (names, a client renamed) a spreadsheet would run as a formula: `'` first."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


class Texts(Protocol):
    """Localised text by message key and arguments, unescaped (`L10n.raw`)."""

    def __call__(self, key: str, **args: Any) -> str: ...


@dataclass(frozen=True)
class Names:
    """The names behind the ids the journal keeps: employees and order parts."""

    people: dict[int, str] = field(default_factory=dict)
    parts: dict[int, str] = field(default_factory=dict)
    clients: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    action: str  # «Заказ переведён на этап»
    entity: str  # «заказ № 12», «сотрудник Анна Складова», or ""
    details: str  # «Калькуляция запчастей → Калькуляция работ», or ""


# Facts that hold an employee's id, by action (elsewhere "old"/"new" are names or plates).
_PERSON_ARGS = {
    AuditAction.TASK_REASSIGNED: frozenset({"previous", "assignee"}),
    AuditAction.ORDER_MASTER_CHANGED: frozenset({"old", "new"}),
}
# Facts that hold a client's id, by action.
_CLIENT_ARGS = {
    AuditAction.CAR_OWNER_CHANGED: frozenset({"old_owner_client_id", "new_owner_client_id"}),
    AuditAction.CAR_DRIVER_ADDED: frozenset({"client_id"}),
}
# What a refused person attempted (`action_name`): a menu key is its button's text; these are
# named; a director's command or button and an order's or a delivery's button by their area.
_ATTEMPTS = {
    "invite.create": "audit-attempt-invite",
    "order.create": "audit-attempt-order-create",
    "stage.complete": "audit-attempt-stage-complete",
    "order.move_back": "audit-attempt-move-back",
    "order.cancel": "audit-attempt-cancel",
    "order.force": "audit-attempt-force",
    "task.claim": "audit-attempt-task-claim",
    "task.reassign": "audit-attempt-task-reassign",
}
_ATTEMPT_AREAS = {
    "director.": "audit-attempt-director",
    "stage.": "audit-attempt-order",
    "delivery.": "audit-attempt-delivery",
}
_STAGES = frozenset(s.value for s in Stage)
_STAGE_ARGS = frozenset({"from_stage", "to_stage", "source", "target", "stage"})
_ENTITY_KEYS = {
    "order": "audit-entity-order",
    "client": "audit-entity-client",
    "car": "audit-entity-car",
    "employee": "audit-entity-employee",
    "invite": "audit-entity-invite",
    "order_part": "audit-entity-part",
}
# The facts line of an action, when its facts say more than its name; the arguments are the
# facts as `_fact` shows them.
_DETAIL_KEYS = {
    AuditAction.ORDER_CREATED: "audit-what-order-created",
    AuditAction.ORDER_MOVED: "audit-what-order-moved",
    AuditAction.ORDER_MOVED_BACK: "audit-what-move",
    AuditAction.ORDER_FORCED: "audit-what-move",
    AuditAction.ORDER_CANCELLED: "audit-what-order-cancelled",
    AuditAction.ORDER_MASTER_CHANGED: "audit-what-change",
    AuditAction.ORDER_MONEY_CHANGED: "audit-what-money-changed",
    AuditAction.PART_PRICED: "audit-what-part-priced",
    AuditAction.PART_UNAVAILABLE: "audit-what-part",
    AuditAction.PART_ADDED: "audit-what-named",
    AuditAction.PART_ORDERED: "audit-what-part-ordered",
    AuditAction.PART_RECEIVED: "audit-what-part-received",
    AuditAction.DELIVERY_ON_TIME: "audit-what-part",
    AuditAction.DELIVERY_CANCELLED: "audit-what-part",
    AuditAction.WORK_ADDED: "audit-what-work",
    AuditAction.WORK_REMOVED: "audit-what-work",
    AuditAction.CLIENT_APPROVED: "audit-what-client-approved",
    AuditAction.CLIENT_CREATED: "audit-what-phone",
    AuditAction.CLIENT_PHONE_ADDED: "audit-what-phone",
    AuditAction.CLIENT_PHONE_RETIRED_DUPLICATE: "audit-what-phone",
    AuditAction.CLIENT_RENAMED: "audit-what-change",
    AuditAction.CAR_PLATE_CHANGED: "audit-what-change",
    AuditAction.CAR_VIN_CHANGED: "audit-what-change",
    AuditAction.STAFF_ADDED: "audit-what-roles",
    AuditAction.STAFF_DEACTIVATED: "audit-what-staff-deactivated",
    AuditAction.STAFF_ROLE_ADDED: "audit-what-role",
    AuditAction.STAFF_ROLE_REMOVED: "audit-what-role",
    AuditAction.STAFF_BITRIX_LINKED: "audit-what-staff-bitrix-linked",
    AuditAction.INVITE_CREATED: "audit-what-role",
    AuditAction.INVITE_REDEEMED: "audit-what-role",
    AuditAction.INVITE_REFUSED: "audit-what-invite-refused",
    AuditAction.SETTINGS_CHANGED: "audit-what-settings-changed",
    AuditAction.IMPORT_FINISHED: "audit-what-import-finished",
    AuditAction.MIRROR_RETRIED: "audit-what-mirror-retried",
    AuditAction.TASK_REASSIGNED: "audit-what-task-reassigned",
    AuditAction.ACCESS_REFUSED: "audit-what-access-refused",
    AuditAction.CAR_OWNER_CHANGED: "audit-what-change",
    AuditAction.CAR_DRIVER_ADDED: "audit-what-driver-added",
}
_ID_CHUNK = 500  # ids per IN (…) list: an export may name thousands


def describe(event: AuditEvent, names: Names, texts: Texts, tz: ZoneInfo, locale: str) -> Shown:
    try:
        action: AuditAction | None = AuditAction(event.action)
    except ValueError:  # a code an older version wrote and this one no longer knows
        action = None
    facts = dict(event.details or {})
    pieces = []
    key = _DETAIL_KEYS.get(action) if action else None
    if action is AuditAction.ORDER_MONEY_CHANGED and not facts.get("name"):
        key = "audit-what-money-changed-total"  # the order's sum, not a row's
    if key is not None:
        args = {
            name: _fact(action, name, value, facts, names, texts, tz, locale)
            for name, value in facts.items()
        }
        if "part_id" in facts:
            args["part"] = _part(facts["part_id"], names, texts)
        if action is AuditAction.CAR_OWNER_CHANGED:
            args["old"] = args.get("old_owner_client_id") or texts("audit-none")
            args["new"] = args.get("new_owner_client_id") or texts("audit-none")
        if action is AuditAction.IMPORT_FINISHED:
            counts = facts.get("counts") if isinstance(facts.get("counts"), dict) else {}
            args["clients"] = counts.get("client.created", 0)
            args["cars"] = counts.get("car.created", 0)
            args["rejected"] = counts.get("row.empty", 0) + counts.get("row.truncated", 0)
        pieces.append(texts(key, **args))
    if action is AuditAction.CAR_CREATED:
        pieces += [format_plate(str(facts["plate"])) if facts.get("plate") else ""]
        pieces += [texts("audit-what-vin", vin=str(facts["vin"])) if facts.get("vin") else ""]
    if facts.get("reason") and action is not AuditAction.INVITE_REFUSED:
        pieces.append(texts("audit-what-reason", reason=str(facts["reason"])))
    return Shown(
        action=texts(action.key) if action else texts("audit-action-unknown"),
        entity=_entity(event, names, texts),
        details=" · ".join(p for p in pieces if p),
    )


async def names_for(session: AsyncSession, events: Iterable[AuditEvent]) -> Names:
    people: set[int] = set()
    parts: set[int] = set()
    clients: set[int] = set()
    for event in events:
        if event.entity_type == "employee" and (event.entity_id or "").isdigit():
            people.add(int(event.entity_id or 0))
        elif event.entity_type == "order_part" and (event.entity_id or "").isdigit():
            parts.add(int(event.entity_id or 0))
        facts = event.details or {}
        if isinstance(facts.get("part_id"), int):
            parts.add(facts["part_id"])
        for name in _PERSON_ARGS.get(event.action, ()):  # type: ignore[call-overload]
            if isinstance(facts.get(name), int):
                people.add(facts[name])
        for name in _CLIENT_ARGS.get(event.action, ()):  # type: ignore[call-overload]
            if isinstance(facts.get(name), int):
                clients.add(facts[name])
    found = Names()
    for chunk in _chunks(people):
        rows = await session.execute(
            select(Employee.id, Employee.full_name).where(Employee.id.in_(chunk))
        )
        found.people.update({i: n for i, n in rows.all()})
    for chunk in _chunks(parts):
        rows = await session.execute(
            select(OrderPart.id, OrderPart.name).where(OrderPart.id.in_(chunk))
        )
        found.parts.update({i: n for i, n in rows.all()})
    for chunk in _chunks(clients):
        rows = await session.execute(
            select(Client.id, Client.full_name).where(Client.id.in_(chunk))
        )
        found.clients.update({i: n for i, n in rows.all() if n})
    return found


def _chunks(ids: set[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    return (ordered[i : i + _ID_CHUNK] for i in range(0, len(ordered), _ID_CHUNK))


def _entity(event: AuditEvent, names: Names, texts: Texts) -> str:
    key = _ENTITY_KEYS.get(event.entity_type or "")
    if key is None or not event.entity_id:
        return ""  # a setting: its action's facts say which
    ident = int(event.entity_id) if event.entity_id.isdigit() else None
    if event.entity_type == "employee" and ident in names.people:
        return texts("audit-entity-person", name=names.people[ident])  # type: ignore[index]
    if event.entity_type == "order_part" and ident in names.parts:
        return texts("audit-entity-part-named", name=names.parts[ident])  # type: ignore[index]
    return texts(key, id=event.entity_id)


def _part(value: object, names: Names, texts: Texts) -> str:
    if isinstance(value, int) and value in names.parts:
        return names.parts[value]
    return texts("audit-entity-part", id=str(value))


def _fact(
    action: AuditAction | None,
    name: str,
    value: Any,
    facts: dict[str, Any],
    names: Names,
    texts: Texts,
    tz: ZoneInfo,
    locale: str,
) -> str:
    """One stored fact as the bot shows it; a fact of an unusual shape is shown as written
    rather than dropped."""
    if value is None or value == "":
        return texts("audit-none")
    try:
        if name in _PERSON_ARGS.get(action, ()):  # type: ignore[call-overload]
            return names.people.get(value) or texts("audit-entity-employee", id=str(value))
        if name in _CLIENT_ARGS.get(action, ()):  # type: ignore[call-overload]
            return names.clients.get(value) or texts("audit-entity-client", id=str(value))
        if name == "action_name" and action is AuditAction.ACCESS_REFUSED:
            return _attempt(str(value), texts)
        if name in _STAGE_ARGS and value in _STAGES:  # "source" is also where from: "bitrix24"
            return texts(f"stage-{value}")
        shown = format_fact(name, value, tz, locale)  # money, moments, days
        if shown is None:
            shown = _worded(action, name, value, facts, texts)
        if shown is not None:
            return shown
    except (ValueError, ArithmeticError, InvalidOperation):
        pass
    return str(value)


def _worded(
    action: AuditAction | None, name: str, value: Any, facts: dict[str, Any], texts: Texts
) -> str | None:
    """A fact whose words depend on its name and action; None for one shown as written."""
    money_change = action is AuditAction.ORDER_MONEY_CHANGED and name in ("old", "new")
    if money_change and facts.get("field") != "quantity":
        return format_money(Decimal(str(value)))
    if name == "quantity" or money_change:
        return format_quantity(Decimal(str(value)))
    if name == "field":
        return texts("audit-field-" + str(value).replace("_", "-"))
    if name == "reason" and action is AuditAction.INVITE_REFUSED:
        return texts(f"audit-invite-refused-{value}")
    if name == "role":
        return texts(f"role-{value}")
    if name == "released_tasks" and isinstance(value, list):
        return str(len(value))
    if name == "roles" or (
        action is AuditAction.SETTINGS_CHANGED and name in ("before", "after")
    ):  # a new employee's roles; the roles who see phones in full
        return ", ".join(texts(f"role-{r}") for r in value) or texts("audit-nobody")
    if name == "phone_tail":
        return f"…{value}"
    if name in ("old", "new") and action is AuditAction.CAR_PLATE_CHANGED:
        return format_plate(str(value))
    return None


def _attempt(action_name: str, texts: Texts) -> str:
    if action_name.startswith("menu-"):
        return texts(action_name)  # the button the person tapped, as they saw it
    key = _ATTEMPTS.get(action_name)
    if key is None:
        area = next((k for p, k in _ATTEMPT_AREAS.items() if action_name.startswith(p)), None)
        key = area or "audit-attempt-other"
    return texts(key)


async def find_people(session: AsyncSession, name_part: str) -> list[Employee]:
    pattern = f"%{name_part.strip()}%"
    result = await session.scalars(
        select(Employee)
        .where(
            or_(
                Employee.full_name.ilike(pattern),
                func.lower(Employee.full_name).like(pattern.lower()),
            )
        )
        .order_by(Employee.full_name)
        .limit(10)
    )
    return list(result.all())
