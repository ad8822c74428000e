"""Every table the bot owns; importing this module registers them all on `Base.metadata`."""

from services.storage.models.audit import AuditEvent
from services.storage.models.base import Base, UTCDateTime, utcnow
from services.storage.models.staff import Employee, EmployeeRole, Invite

__all__ = ["AuditEvent", "Base", "Employee", "EmployeeRole", "Invite", "UTCDateTime", "utcnow"]
