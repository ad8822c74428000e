"""Photos and videos go to the deal; a file Telegram will not hand over gets a note instead."""

from __future__ import annotations

import base64

from tests.mirror.portal import drain, set_up
from tests.mirror.walk import MirrorShop


class Files:
    def __init__(self) -> None:
        self.asked: list[str] = []

    async def fetch(self, file_id: str) -> bytes | None:
        self.asked.append(file_id)
        return b"\xff\xd8jpeg" if file_id == "photo-1" else None


async def test_photo_is_attached_to_the_deal(fake_portal, mirror_shop: MirrorShop, outbox_factory):
    await set_up(fake_portal, outbox_factory)
    client_id, car_id = await mirror_shop.client_and_car()
    await mirror_shop.new_order(client_id, car_id)
    files = Files()
    await drain(fake_portal, outbox_factory, media=files)
    assert files.asked == ["photo-1"]
    [comment] = [
        c for c in fake_portal.state.timeline.comments.values() if "Фото к заказу" in c["COMMENT"]
    ]
    [stored] = [fake_portal.state.files[i] for i in comment["FILES"]]
    assert stored.name == "photo-u-photo-1.jpg"
    assert stored.content == b"\xff\xd8jpeg"
    assert base64.b64encode(stored.content)


async def test_a_file_over_the_bot_limit_gets_a_note(fake_portal, outbox_factory) -> None:
    from services.crm.outbox import Kind, enqueue
    from services.storage.models import Order

    await set_up(fake_portal, outbox_factory)
    shop = await MirrorShop.open(outbox_factory)
    client_id, car_id = await shop.client_and_car()
    order_id = await shop.new_order(client_id, car_id)
    async with outbox_factory() as session:
        assert await session.get(Order, order_id) is not None
        payload = {"kind": "video", "file_id": "v", "file_unique_id": "big", "file_size": 50 << 20}
        enqueue(session, Kind.DEAL_MEDIA, order_id, payload)
        await session.commit()
    files = Files()
    await drain(fake_portal, outbox_factory, media=files)
    assert "v" not in files.asked
    [note] = [
        c["COMMENT"]
        for c in fake_portal.state.timeline.comments.values()
        if "Видео" in c["COMMENT"]
    ]
    assert "50 МБ" in note and "20 МБ" in note
