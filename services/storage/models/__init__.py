"""Every table the bot owns; importing this module registers them all on `Base.metadata`."""

from services.storage.models.audit import AuditEvent
from services.storage.models.base import Base, UTCDateTime, utcnow
from services.storage.models.clients import Car, CarRelation, Client, ClientPhone
from services.storage.models.orders import (
    Order,
    OrderMedia,
    OrderPart,
    OrderWork,
    StageTask,
    StageTransition,
)
from services.storage.models.outbox import Bitrix24Mapping, OutboxMessage
from services.storage.models.staff import Employee, EmployeeRole, Invite

__all__ = [
    "AuditEvent",
    "Base",
    "Bitrix24Mapping",
    "Car",
    "CarRelation",
    "Client",
    "ClientPhone",
    "Employee",
    "EmployeeRole",
    "Invite",
    "Order",
    "OrderMedia",
    "OrderPart",
    "OrderWork",
    "OutboxMessage",
    "StageTask",
    "StageTransition",
    "UTCDateTime",
    "utcnow",
]
