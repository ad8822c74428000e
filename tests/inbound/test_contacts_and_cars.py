"""A phone added to the contact and a plate or VIN corrected on the car item reach the bot."""

from __future__ import annotations

from services.storage.models import Car, Client
from tests.inbound.two_way import TwoWay


async def test_new_phone_and_corrected_plate_and_vin_are_taken_in(two_way: TwoWay) -> None:
    client_id, car_id = await two_way.shop.client_and_car()
    await two_way.both_ways()
    async with two_way.factory() as session:
        client = await session.get(Client, client_id)
        car = await session.get(Car, car_id)
    assert client is not None and car is not None
    assert client.bitrix_contact_id is not None and car.bitrix_item_id is not None

    await two_way.call(
        "crm.contact.update",
        {"id": client.bitrix_contact_id, "fields": {"PHONE": [{"VALUE": "8 903 555-11-22"}]}},
    )
    uf = two_way.mapping.car_fields
    await two_way.call(
        "crm.item.update",
        {
            "entityTypeId": two_way.mapping.car_entity_type_id,
            "id": car.bitrix_item_id,
            "useOriginalUfNames": "Y",
            "fields": {uf["plate"]: "а 001 аа 77", uf["vin"]: "WBAKS410500A12346"},
        },
    )
    await two_way.settle()
    async with two_way.factory() as session:
        client = await session.get(Client, client_id)
        car = await session.get(Car, car_id)
    assert client is not None and car is not None
    # The old number stays in the history; the new one is added, not written over it.
    assert [p.phone for p in client.phones] == ["+79161234567", "+79035551122"]
    assert (car.plate, car.vin) == ("А001АА77", "WBAKS410500A12346")

    before = [p.phone for p in client.phones], car.plate, car.vin
    await two_way.both_ways()
    async with two_way.factory() as session:
        client = await session.get(Client, client_id)
        car = await session.get(Car, car_id)
    assert client is not None and car is not None
    assert ([p.phone for p in client.phones], car.plate, car.vin) == before
