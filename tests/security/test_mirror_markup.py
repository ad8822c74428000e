"""What people type reaches Bitrix24 as text: a BB-code or an HTML tag in a complaint, a part, a
vendor or a reason shows on the portal as typed and never renders (a link, an image, bold)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.crm.mirror.markup import ZERO_WIDTH_SPACE, neutralise
from services.orders import OrderWork, PartInput
from services.orders.use_cases import cancel, create_order, price_part
from services.staff.roles import Role
from services.storage.engine import create_session_factory
from tests.fake_bitrix24.fixtures import fake_portal  # noqa: F401
from tests.mirror.portal import deal_comments, deals, drain, set_up
from tests.mirror.walk import MirrorShop

BB = "[url=http://evil.example]клик[/url] [b]жирно[/b] [img]http://evil.example/x.png[/img]"
HTML = '<a href="http://evil.example">y</a> <b>x</b> &amp;'
# A tag as the portal would render it: "[b]", "[/url]", "[url=…]", "<a …>", "</b>".
RENDERED = re.compile(r"\[/?[a-zA-Z*]+(=[^\]]*)?\]|</?[a-zA-Z][^>]*>")


def test_neutralised_text_has_no_tag_and_reads_the_same() -> None:
    for text in (BB, HTML, "[", "<", "[[b]]", "a[/b]<<b>>", "обычный текст", ""):
        safe = neutralise(text)
        assert not RENDERED.search(safe), safe
        assert safe.replace(ZERO_WIDTH_SPACE, "") == text


@pytest.fixture
async def outbox_factory(
    session_factory: async_sessionmaker[AsyncSession], db_engine: AsyncEngine
) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(db_engine, outbox=True)


async def test_markup_typed_by_people_is_text_on_the_portal(
    fake_portal,  # noqa: F811
    outbox_factory,
) -> None:
    await set_up(fake_portal, outbox_factory)
    shop = await MirrorShop.open(outbox_factory)
    client_id, car_id = await shop.client_and_car()
    async with outbox_factory() as session:
        work = OrderWork(session)
        master = await shop._employee(session, Role.MASTER)
        created = await create_order(
            work,
            master,
            client_id=client_id,
            car_id=car_id,
            complaint=f"стук {BB} {HTML}",
            parts=[PartInput(f"Колодки {BB}", None, Decimal(1))],
            media=[],
        )
        order_id = created.order.id
        supplier = await shop._employee(session, Role.SUPPLIER)
        part = created.order.parts[0]
        await price_part(
            work,
            supplier,
            order_id,
            part.id,
            purchase_price=Decimal(1000),
            sale_price=None,
            vendor=f"Emex {HTML}",
            delivery_days=2,
            seen_stage="PARTS_PRICING",
        )
        await cancel(work, master, order_id, reason=f"дорого {BB}", seen_stage="LABOUR_PRICING")
    await drain(fake_portal, outbox_factory)
    [deal] = deals(fake_portal)
    shown = [deal["COMMENTS"], *await deal_comments(fake_portal, outbox_factory, order_id)]
    for text in shown:
        assert not RENDERED.search(text), text
    plain = "\n".join(shown).replace(ZERO_WIDTH_SPACE, "")
    assert f"стук {BB} {HTML}" in plain
    assert f"«Колодки {BB}»" in plain and f"Причина: дорого {BB}" in plain, plain


def test_a_free_sentence_of_the_two_way_sync_is_neutralised_too() -> None:
    """Lines such as «принял из Bitrix24 цену «<part>»…» carry a typed part name inside."""
    from services.crm.mirror.texts import comment_text
    from tests.mirror.portal import TEXTS

    hostile = "принял из Bitrix24 цену «[url=http://evil]Фильтр[/url]»: 1 → 2."
    text = comment_text(TEXTS, {"actor": "Бот СТО", "actions": [{"action": hostile}]})
    assert "[url=" not in text and "[" + ZERO_WIDTH_SPACE + "url=" in text
