"""Tasks, contacts and cars changed in the CRM: what of them the bot takes in.

- A stage task completed there completes the stage here (same rules; refused = explained).
- A contact's new phone number is added to the client's history (never removes one).
- A car item's VIN or plate corrected there is corrected here.
Each compares the portal with our rows first, so our own writes coming back change nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.clients import CarService, ClientService
from services.crm.inbound.context import ECHO, Inbound, in_flight
from services.crm.inbound.deals import apply_move
from services.crm.inbound.reading import read_car, read_contact
from services.crm.outbox import Entity
from services.errors import DomainError
from services.orders.stages import OPEN_STAGES, Stage, next_stage
from services.orders.tasks import TASK_OPEN
from services.storage.models import Car, Client, Order, StageTask
from services.storage.unit_of_work import commit

COMPLETED = "5"


async def apply_task(ib: Inbound, task_id: int) -> str:
    result = await ib.portal.call(
        "tasks.task.get",
        {"taskId": task_id, "select": ["ID", "STATUS", "RESPONSIBLE_ID", "CHANGED_BY", "XML_ID"]},
    )
    task: dict[str, Any] = (result or {}).get("task") or {}
    if str(task.get("status")) != COMPLETED:
        return "task not completed"
    async with ib.factory() as session:
        ours = await session.scalar(select(StageTask).where(StageTask.bitrix_task_id == task_id))
        if ours is None or ours.status != TASK_OPEN:
            return "not an open task of ours"
        if await in_flight(session, Entity.TASK, ours.id):
            return ECHO
        order = await session.get(Order, ours.order_id)
        if order is None or order.stage != ours.stage or Stage(order.stage) not in OPEN_STAGES:
            return "task of a stage the order has left"
        order_id, stage = order.id, Stage(order.stage)
    outcome = await apply_move(
        ib,
        order_id,
        next_stage(stage),
        (task.get("changedBy"), task.get("responsibleId")),
        task.get("responsibleId"),
    )
    return f"task {task_id} completed: {outcome}"


async def apply_contact(ib: Inbound, contact_id: int) -> str:
    async with ib.factory() as session:
        client = await session.scalar(select(Client).where(Client.bitrix_contact_id == contact_id))
        if client is None:
            return "not a client of ours"
        client_id = client.id
        known = {p.phone for p in client.phones}
    contact = await read_contact(ib, contact_id)
    new = [p for p in contact.phones if p not in known]
    added = 0
    for phone in new:
        async with ib.factory() as session:
            try:
                await ClientService(session, ib.clock).add_phone(client_id, phone)
                await commit(session)
            except DomainError as refusal:  # another client uses that number now
                await session.rollback()
                return f"phone not added: {refusal.key}"
        added += 1
        ib.caught.add("phone_added")
    return f"{added} phone(s) added" if added else "no new phone"


async def apply_car_item(ib: Inbound, item_id: int, entity_type_id: int | None) -> str:
    if entity_type_id is not None and entity_type_id != ib.mapping.car_entity_type_id:
        return "not a car item"
    async with ib.factory() as session:
        car = await session.scalar(select(Car).where(Car.bitrix_item_id == item_id))
        if car is None:
            return "not a car of ours"
        if await in_flight(session, Entity.CAR, car.id):
            return ECHO
        car_id, vin, plate = car.id, car.vin, car.plate
    item = await read_car(ib, item_id)
    done = []
    async with ib.factory() as session:
        service = CarService(session, ib.clock)
        try:
            if item.vin is not None and item.vin != vin:
                await service.update_vin(car_id, item.vin)
                done.append("vin")
            if item.plate is not None and item.plate != plate:
                await service.update_plate(car_id, item.plate)
                done.append("plate")
            await commit(session)
        except DomainError as refusal:
            await session.rollback()
            return f"car not corrected: {refusal.key}"
    for what in done:
        ib.caught.add(f"car_{what}")
    return f"corrected {', '.join(done)}" if done else "car unchanged"
