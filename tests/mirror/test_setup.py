"""`stobot b24 setup` creates what is missing and nothing twice."""

from __future__ import annotations

from services.crm.mirror.setup import set_up_portal
from services.orders import Stage
from tests.mirror.portal import TEXTS, client_for


async def test_setup_twice_creates_nothing_twice(fake_portal) -> None:
    async with client_for(fake_portal) as client:
        first = await set_up_portal(client, TEXTS)
        state = fake_portal.state
        counts = (
            len(state.categories.categories[2]),
            len(state.categories.statuses),
            len(state.items.types),
            len(state.userfields.fields),
        )
        second = await set_up_portal(client, TEXTS)
    assert first.created and not second.created
    assert second.mapping == first.mapping
    assert counts == (
        len(state.categories.categories[2]),
        len(state.categories.statuses),
        len(state.items.types),
        len(state.userfields.fields),
    )
    mapping = first.mapping
    assert mapping.missing() == []
    category = mapping.category_id
    assert mapping.stages[Stage.NEW] == f"C{category}:NEW"
    assert mapping.stages[Stage.DONE] == f"C{category}:WON"
    assert mapping.stages[Stage.CANCELLED] == f"C{category}:LOSE"
    assert mapping.stages[Stage.PARTS_PRICING] == f"C{category}:PARTS_PRICING"
    assert mapping.car_fields["vin"] == f"UF_CRM_{mapping.car_type_id}_VIN"
    names = {s["STATUS_ID"]: s["NAME"] for s in state.categories.stages(2, category)}
    assert names[f"C{category}:PARTS_PRICING"] == "Калькуляция запчастей"
