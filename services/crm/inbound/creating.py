"""A deal created in the CRM in our pipeline becomes an order, through the bot's own services.

The client is matched by phone (or created), the car by VIN or plate (or created), the master
is the employee linked to the deal's responsible user; then `create_order` does what it does
for an order made in Telegram (tasks, notices), told the deal it is made from (`DealLink`),
which it ties the order to. One transaction, one commit. What the portal has already (the
contact, the car item, the deal) is linked, not queued: the relay never creates a second
deal or car item for what came from the portal, nor echoes it back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.clients import CarService, ClientService
from services.crm.inbound.context import Inbound, employee_for
from services.crm.inbound.reading import (
    CarRead,
    ContactRead,
    CrmMove,
    DealRead,
    read_car,
    read_contact,
    read_rows,
)
from services.errors import DomainError, named_stages
from services.orders import OrderWork, PartInput
from services.orders.deadlines import Deadlines
from services.orders.from_crm import DealLink
from services.orders.stages import CLOSED_STAGES, Stage
from services.orders.use_cases import create_order
from services.staff.roles import Role
from services.storage.models import Car, Client, Employee


class NotTaken(Exception):
    """The deal cannot become an order; the message (a localisation key) goes on the deal."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


async def create_from_deal(ib: Inbound, deal: DealRead) -> str:
    stage = ib.stage_of(deal.status_id)
    if stage is None or Stage(stage) in CLOSED_STAGES:
        return "deal already closed"
    try:
        contact = await _contact(ib, deal)
        car = await _car(ib, deal)
        rows = await read_rows(ib, deal.id)
        async with ib.factory() as session:
            master = await employee_for(session, deal.assigned_by)
            if master is None or Role.MASTER not in master.role_names:
                raise NotTaken("inbound-deal-no-master")
            client = await _client(session, contact, master)
            car_row = await _match_car(session, car, client, master)
            change = CrmMove(deal.status_id or "", deal.moved_at, deal.moved_by)
            result = await create_order(
                OrderWork(session, ib.clock, Deadlines(ib.hours)),
                master,
                client_id=client.id,
                car_id=car_row.id,
                complaint=deal.comments or deal.title,
                parts=[PartInput(r.name, None, r.quantity) for r in rows],
                deal=DealLink(deal.id, stage, change),
            )
    except NotTaken as refusal:
        await _explain(ib, deal.id, refusal.key)
        return f"not taken: {refusal.key}"
    except DomainError as refusal:
        await _explain(
            ib,
            deal.id,
            "inbound-deal-refused",
            reason=ib.texts(
                refusal.key,
                **named_stages(_str(refusal.params), lambda stage: ib.texts(f"stage-{stage}")),
            ),
        )
        return f"not taken: {refusal.key}"
    await ib.telling.notices(result.notices)
    ib.caught.add("order_created")
    return f"order {result.order.id} created"


async def _contact(ib: Inbound, deal: DealRead) -> ContactRead:
    if deal.contact_id is None:
        raise NotTaken("inbound-deal-no-contact")
    contact = await read_contact(ib, deal.contact_id)
    if not contact.phones:
        raise NotTaken("inbound-deal-no-phone")
    return contact


async def _car(ib: Inbound, deal: DealRead) -> CarRead:
    if deal.item_id is None:
        raise NotTaken("inbound-deal-no-car")
    car = await read_car(ib, deal.item_id)
    if car.vin is None and car.plate is None:
        raise NotTaken("inbound-deal-no-car")
    return car


async def _client(session: AsyncSession, contact: ContactRead, master: Employee) -> Client:
    """The client tied to the contact, else the one with one of its numbers (tied to it then,
    unless tied to another already: the deal then names the client's), else a new one made
    from the contact. The tie comes first: a contact whose number changed in the portal is
    still the same client, not a second one."""
    linked = await session.scalar(select(Client).where(Client.bitrix_contact_id == contact.id))
    if linked is not None:
        return linked
    service = ClientService(session)
    for phone in contact.phones:
        found = await service.find_by_phone(phone)
        if found is not None:
            found.bitrix_contact_id = found.bitrix_contact_id or contact.id
            return found
    return await service.create(
        contact.name or None, contact.phones[0], actor=master, bitrix_contact_id=contact.id
    )


async def _match_car(session: AsyncSession, car: CarRead, client: Client, master: Employee) -> Car:
    """The car with the item's VIN (or its only one with the plate), or a new one made from
    the item; tied to the item unless tied to another already."""
    service = CarService(session)
    found: Car | None = None
    if car.vin is not None:
        found = await service.find_by_vin(car.vin)
    elif car.plate is not None:
        same_plate = list(await service.find_by_plate(car.plate))
        found = same_plate[0] if len(same_plate) == 1 else None
    if found is not None:
        found.bitrix_item_id = found.bitrix_item_id or car.id
        return found
    return await service.create(
        vin=car.vin,
        plate=car.plate,
        owner_client_id=client.id,
        make=car.make,
        model=car.model,
        year=car.year,
        actor=master,
        bitrix_item_id=car.id,
    )


async def _explain(ib: Inbound, deal_id: int, key: str, **args: str) -> None:
    """No order to hang an outbox row on: the comment goes to the deal directly."""
    text = ib.texts(key, **args)
    await ib.portal.call(
        "crm.timeline.comment.add",
        {"fields": {"ENTITY_ID": deal_id, "ENTITY_TYPE": "deal", "COMMENT": text}},
    )


def _str(params: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in params.items()}
