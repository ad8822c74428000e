"""Ids on the portal the mirror writes to, found or created by `stobot b24 setup`, kept in the
`bitrix24_mapping` table (key → value) so every process reads the same ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import system_clock
from services.orders.stages import Stage
from services.storage.models import Bitrix24Mapping
from services.storage.unit_of_work import commit

# Fields of the smart process "Автомобиль" by our name; values are their UF names there.
CAR_FIELDS = ("vin", "plate", "make", "model", "year")


@dataclass
class PortalMapping:
    category_id: int  # our pipeline of deals
    stages: dict[Stage, str]  # our stage → STATUS_ID, e.g. C3:PARTS_PRICING
    car_entity_type_id: int  # smart process "Автомобиль" (crm.item.*, PARENT_ID_{n})
    car_type_id: int  # its type id (UF names UF_CRM_{n}_…)
    car_fields: dict[str, str] = field(default_factory=dict)  # vin → UF_CRM_16_VIN
    webhook_user_id: int = 1  # the webhook's own user: tasks nobody else can take land there

    def to_rows(self) -> dict[str, str]:
        rows = {
            "deal_category_id": str(self.category_id),
            "car_entity_type_id": str(self.car_entity_type_id),
            "car_type_id": str(self.car_type_id),
            "webhook_user_id": str(self.webhook_user_id),
        }
        rows |= {f"stage:{stage.value}": status for stage, status in self.stages.items()}
        rows |= {f"car_field:{name}": uf for name, uf in self.car_fields.items()}
        return rows

    @classmethod
    def from_rows(cls, rows: dict[str, str]) -> PortalMapping | None:
        try:
            return cls(
                category_id=int(rows["deal_category_id"]),
                stages={Stage(k.split(":", 1)[1]): v for k, v in rows.items() if k[:6] == "stage:"},
                car_entity_type_id=int(rows["car_entity_type_id"]),
                car_type_id=int(rows["car_type_id"]),
                car_fields={k[10:]: v for k, v in rows.items() if k.startswith("car_field:")},
                webhook_user_id=int(rows.get("webhook_user_id", "1")),
            )
        except (KeyError, ValueError):
            return None

    def missing(self) -> list[str]:
        """What setup has not stored yet (empty when the mapping is complete)."""
        gaps = [f"stage {s.value}" for s in Stage if s not in self.stages]
        return gaps + [f"car field {n}" for n in CAR_FIELDS if n not in self.car_fields]


async def load_mapping(session: AsyncSession) -> PortalMapping | None:
    rows = (await session.scalars(select(Bitrix24Mapping))).all()
    return PortalMapping.from_rows({r.key: r.value for r in rows})


async def store_mapping(session: AsyncSession, mapping: PortalMapping) -> None:
    """Replace the stored mapping, and commit."""
    await session.execute(delete(Bitrix24Mapping))
    now = system_clock()
    session.add_all(
        Bitrix24Mapping(key=k, value=v, updated_at=now) for k, v in mapping.to_rows().items()
    )
    await commit(session)
