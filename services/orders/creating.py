"""Opening a repair order (stage NEW), which moves on to parts pricing by itself."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from services import audit
from services.errors import NotFound
from services.orders import inputs
from services.orders.base import OrderServiceBase, use_case
from services.orders.inputs import MediaInput, PartInput, PartLike
from services.orders.notices import StepResult
from services.orders.parts import PART_NEW
from services.orders.stages import Stage
from services.orders.transitions import MoveKind
from services.outbox import events as outbox_events
from services.roles import Role
from services.storage.models import (
    Car,
    Client,
    Employee,
    Order,
    OrderMedia,
    OrderPart,
    StageTransition,
)

MAX_COMPLAINT_LENGTH = 4000


class CreatingMixin(OrderServiceBase):
    @use_case
    async def create_order(
        self,
        master: Employee,
        *,
        client_id: int,
        car_id: int,
        complaint: str,
        parts: Sequence[PartInput | PartLike | tuple[str, str | None, Decimal]] = (),
        media: Sequence[MediaInput] = (),
    ) -> StepResult:
        """Save a new order with `master` as its master and move it to PARTS_PRICING.

        Both moves are recorded (None → NEW, NEW → PARTS_PRICING); an order without parts
        passes pricing straight on to LABOUR_PRICING. The suppliers get a `task_new` notice.
        Refuses: Forbidden (not a master), NotFound (client or car), bad part input.
        """
        await self._authorise(master, [Role.MASTER], "order.create")
        if await self.session.get(Client, client_id) is None:
            raise NotFound("client-error-not-found")
        if await self.session.get(Car, car_id) is None:
            raise NotFound("car-error-not-found")
        part_rows = [_part_row(i, inputs.as_part(p)) for i, p in enumerate(parts, start=1)]
        media_rows = [_media_row(MediaInput(*m), master) for m in media]
        now = self.clock()
        order = Order(
            stage=Stage.NEW.value,
            client_id=client_id,
            car_id=car_id,
            master_id=master.id,
            complaint=inputs.clip(complaint, MAX_COMPLAINT_LENGTH) or "",
            created_at=now,
            stage_entered_at=now,
            version=1,
        )
        order.parts = part_rows
        order.works = []
        self.session.add(order)
        await self.session.flush()
        for row in media_rows:
            row.order_id = order.id
            row.created_at = now
            self.session.add(row)
        outbox_events.media_added(self.session, order.id, media_rows)
        self.session.add(
            StageTransition(
                order_id=order.id,
                from_stage=None,
                to_stage=Stage.NEW.value,
                actor_id=master.id,
                at=now,
            )
        )
        move = await self._move(
            order, Stage.PARTS_PRICING, master, MoveKind.FORWARD, new_order=True
        )
        audit.record(
            self.session,
            "order.created",
            actor=master,
            entity_type="order",
            entity_id=order.id,
            parts=len(part_rows),
            media=len(media_rows),
        )
        return await self._finish(order, master, move=move)


def _part_row(position: int, part: PartInput) -> OrderPart:
    return OrderPart(
        position=position,
        name=inputs.name(part.name),
        article=inputs.clip(part.article, 40),
        quantity=inputs.quantity(part.quantity),
        status=PART_NEW,
        received_quantity=0,
    )


def _media_row(media: MediaInput, master: Employee) -> OrderMedia:
    return OrderMedia(
        kind=inputs.media_kind(media.kind),
        file_id=media.file_id,
        file_unique_id=media.file_unique_id,
        file_size=media.file_size,
        media_group_id=media.media_group_id,
        added_by_id=master.id,
    )
