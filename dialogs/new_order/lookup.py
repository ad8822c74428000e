"""Reads the dialog needs, through the client services (no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.render.orders import car_label
from services.clients import CarService, ClientService

MAX_CAR_BUTTONS = 6  # a fleet client has more; the rest are typed by VIN or plate


@dataclass(frozen=True)
class FoundClient:
    id: int
    name: str | None
    cars: list[list[int | str]]  # [[car_id, "BMW X5 · А123ВС77"], …], newest link first


async def find_client(session: AsyncSession, phone: str) -> FoundClient | None:
    client = await ClientService(session).find_by_phone(phone)
    if client is None:
        return None
    links = await CarService(session).relations_of_client(client.id)
    cars = [[link.car.id, car_label(link.car)] for link in links[:MAX_CAR_BUTTONS]]
    return FoundClient(client.id, client.full_name, cars)
