import pytest

from services.orders import Stage
from services.storage.models import Order


@pytest.mark.parametrize(
    "stage", [s for s in Stage if s not in (Stage.NEW, Stage.DONE, Stage.CANCELLED)]
)
async def test_order_at_each_stage(shop, session_factory, stage):
    order_id = await shop.order_at(stage)
    async with session_factory() as session:
        order = await session.get(Order, order_id)
        assert order.stage == stage
