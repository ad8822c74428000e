"""Every table the bot owns; importing this module registers them all on `Base.metadata`."""

from services.storage.models.alerts import AlertRecord, Notification, UnreachableEmployee
from services.storage.models.audit import AuditEvent
from services.storage.models.base import Base, UTCDateTime, utcnow
from services.storage.models.clients import Car, CarRelation, Client, ClientPhone
from services.storage.models.inbound import InboxEvent, SyncMark
from services.storage.models.orders import (
    Order,
    OrderMedia,
    OrderPart,
    StageTask,
    StageTransition,
    WorkLine,
)
from services.storage.models.outbox import Bitrix24Mapping, OutboxMessage
from services.storage.models.settings import ShopSetting
from services.storage.models.staff import Employee, EmployeeRole, Invite

__all__ = [
    "AlertRecord",
    "AuditEvent",
    "Base",
    "Bitrix24Mapping",
    "Car",
    "CarRelation",
    "Client",
    "ClientPhone",
    "Employee",
    "EmployeeRole",
    "InboxEvent",
    "Invite",
    "Notification",
    "Order",
    "OrderMedia",
    "OrderPart",
    "OutboxMessage",
    "ShopSetting",
    "StageTask",
    "StageTransition",
    "SyncMark",
    "UTCDateTime",
    "UnreachableEmployee",
    "WorkLine",
    "utcnow",
]
