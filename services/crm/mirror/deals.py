"""Order ↔ deal in our pipeline: stage 1:1, total, master, contact, car as parent, rows.

The deal carries our id in ORIGIN_ID; an unlinked order is looked up by it before a deal is
created. A deal made in the CRM gets it once, when it becomes an order (`claim_deal`).
Product rows are always sent whole: the portal deletes the rows a call leaves out.
"""

from __future__ import annotations

from typing import Any

import structlog

from services.crm.mirror.claims import Message
from services.crm.mirror.context import Cycle, Refused
from services.crm.mirror.markup import neutralise
from services.crm.mirror.pipe import Call, Step
from services.crm.mirror.snapshot import OrderView
from services.crm.outbox.kinds import Entity
from services.orders.stages import Stage

log = structlog.get_logger(__name__)

ORIGINATOR = "stobot"


def origin_id(order_id: int) -> str:
    return f"stobot-order-{order_id}"


async def sync_deal(cx: Cycle, order: OrderView) -> int:
    deal_id = cx.links.current(Entity.ORDER, order.id)
    if deal_id is None:
        # Looked up before the contact and car are awaited: the lookups share batches.
        deal_id = await _find(cx, order)
    contact_id = await cx.links.need(Entity.CLIENT, order.client_id)
    item_id = await cx.links.need(Entity.CAR, order.car_id)
    fields = _fields(cx, order, item_id)
    stage = fields.pop("STAGE_ID")
    if deal_id is None or order.id in cx.stage_for:
        # Only a stage the deal does not have from us yet: an unchanged one sent again would
        # overwrite a move a person made in the CRM meanwhile (`sent`).
        fields["STAGE_ID"] = stage
    rows = {"rows": _rows(order)}
    if deal_id is None:
        fields |= {"CATEGORY_ID": cx.mapping.category_id, "CONTACT_IDS": [contact_id]}
        fields |= _ours(order.id)
        add = {"fields": fields, "params": {"REGISTER_SONET_EVENT": "N"}}
        outcome = await cx.pipe.chain(
            [Call("crm.deal.add", add), Call("crm.deal.productrows.set", {"id": Step(0), **rows})]
        )
        if outcome.results:
            deal_id = int(outcome.results[0])
            cx.links.learn(Entity.ORDER, order.id, deal_id, created=True)
            _landed(cx, order.id, fields)
        if outcome.error is not None:
            raise outcome.error
        assert deal_id is not None
        return deal_id
    cx.links.learn(Entity.ORDER, order.id, deal_id)
    outcome = await cx.pipe.chain(
        [
            Call("crm.deal.update", {"id": deal_id, "fields": fields}),
            Call("crm.deal.productrows.set", {"id": deal_id, **rows}),
        ]
    )
    if outcome.results:
        _landed(cx, order.id, fields)
    if outcome.error is not None:
        raise outcome.error
    return deal_id


def _landed(cx: Cycle, order_id: int, fields: dict[str, Any]) -> None:
    # The add/update ran: its stage is on the deal whatever the commands after it did.
    if "STAGE_ID" in fields:
        cx.stage_landed.add(order_id)


async def claim_deal(cx: Cycle, order_id: int, message: Message, retried: bool) -> None:
    """A deal made in the CRM that became an order gets what a deal we create carries (its
    pipeline it has already): our ids, and the order's client as its contact. Sent once
    (repeating it after a lost answer is safe: it checks the deal first)."""
    deal_id = await cx.links.need(Entity.ORDER, order_id)
    deal = await cx.pipe.call("crm.deal.get", {"id": deal_id})
    if not deal.get("ORIGIN_ID") and not deal.get("ORIGINATOR_ID"):
        await cx.pipe.call("crm.deal.update", {"id": deal_id, "fields": _ours(order_id)})
    elif deal.get("ORIGIN_ID") != origin_id(order_id):
        # Another integration's ids (1C, a web form): its duplicate check relies on them.
        log.info("deal_ids_kept", deal_id=deal_id, origin=deal.get("ORIGINATOR_ID"))
    order = cx.snapshot.orders.get(order_id)
    if order is None:
        return
    contact_id = await cx.links.need(Entity.CLIENT, order.client_id)
    if str(contact_id) != str(deal.get("CONTACT_ID") or ""):
        # Added as the primary contact; CONTACT_IDS would drop the contacts a person set.
        bind = {"CONTACT_ID": contact_id, "IS_PRIMARY": "Y"}
        await cx.pipe.call("crm.deal.contact.add", {"id": deal_id, "fields": bind})


def _ours(order_id: int) -> dict[str, Any]:
    return {"ORIGINATOR_ID": ORIGINATOR, "ORIGIN_ID": origin_id(order_id)}


def _fields(cx: Cycle, order: OrderView, item_id: int) -> dict[str, Any]:
    car = cx.snapshot.cars.get(order.car_id)
    stage = cx.mapping.stages.get(Stage(order.stage))
    if stage is None:
        raise Refused(f"no deal stage for {order.stage}: run `stobot b24 setup`")
    fields: dict[str, Any] = {
        "TITLE": cx.texts("mirror-deal-title", id=str(order.id), car=car.title if car else ""),
        "STAGE_ID": stage,
        "OPPORTUNITY": str(order.total),
        "CURRENCY_ID": "RUB",
        "COMMENTS": neutralise(order.complaint),
        f"PARENT_ID_{cx.mapping.car_entity_type_id}": item_id,
    }
    if order.master_user_id is not None:
        fields["ASSIGNED_BY_ID"] = order.master_user_id
    return fields


def _rows(order: OrderView) -> list[dict[str, Any]]:
    return [
        {
            "PRODUCT_ID": 0,
            "PRODUCT_NAME": row.name,
            "PRICE": str(row.price),
            "QUANTITY": str(row.quantity.normalize()),
            "SORT": 10 * n,
        }
        for n, row in enumerate(order.rows, 1)
    ]


async def _find(cx: Cycle, order: OrderView) -> int | None:
    rows = await cx.pipe.call(
        "crm.deal.list", {"filter": {"ORIGIN_ID": origin_id(order.id)}, "select": ["ID"]}
    )
    return int(rows[0]["ID"]) if rows else None
