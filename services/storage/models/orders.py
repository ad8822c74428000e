"""Repair orders with their parts, works, media, stage history and stage tasks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.storage.models.base import Base, UTCDateTime, utcnow

MONEY = Numeric(12, 2)
QUANTITY = Numeric(10, 3)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_stage", "stage"),
        # Reminder scans read only the appointments coming up.
        Index("ix_orders_appointment_at", "appointment_at"),
        # Reports count orders opened and closed in a period.
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # shown as "№ 1024"
    stage: Mapped[str] = mapped_column(String(24))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id"), index=True)
    master_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), index=True
    )
    complaint: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    labour_approved: Mapped[bool] = mapped_column(default=False)
    client_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cancel_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # Bumped on every change; buttons carry it so a stale tap is recognised.
    version: Mapped[int] = mapped_column(Integer, default=1)
    bitrix_deal_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    # What tells the deal's stage changes apart (services/crm/mirror/sent.py): the STAGE_IDs the
    # bot has sent, the last one current (a "~" before it: not known to have landed), and
    # the deal's last stage change already accounted for (its MOVED_TIME; STAGE_ID and
    # MOVED_BY_ID, which tell apart two changes within one second).
    crm_stages_sent: Mapped[str | None] = mapped_column(String(300), default=None)
    crm_moved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    crm_moved_change: Mapped[str | None] = mapped_column(String(100), default=None)

    parts: Mapped[list[OrderPart]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OrderPart.position",
    )
    works: Mapped[list[WorkLine]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="WorkLine.position",
    )


class OrderPart(Base):
    __tablename__ = "order_parts"
    # Delivery-control scans read only the ordered parts whose date is near.
    __table_args__ = (Index("ix_order_parts_status_expected", "status", "expected_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    article: Mapped[str | None] = mapped_column(String(40), default=None)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    # new → priced | unavailable → ordered → received (partial receipts keep "ordered")
    status: Mapped[str] = mapped_column(String(16), default="new")
    purchase_price: Mapped[Decimal | None] = mapped_column(MONEY, default=None)  # per unit
    sale_price: Mapped[Decimal | None] = mapped_column(MONEY, default=None)  # per unit
    vendor: Mapped[str | None] = mapped_column(String(100), default=None)
    delivery_days: Mapped[int | None] = mapped_column(Integer, default=None)
    vendor_order_no: Mapped[str | None] = mapped_column(String(64), default=None)
    expected_date: Mapped[date | None] = mapped_column(Date, default=None)
    received_quantity: Mapped[Decimal] = mapped_column(QUANTITY, default=Decimal(0))
    # Set on cancellation when the part was already ordered or received.
    return_flag: Mapped[str | None] = mapped_column(String(16), default=None)

    order: Mapped[Order] = relationship(back_populates="parts")


class WorkLine(Base):
    """One line of the order's labour (a «работа»): not to be confused with `OrderWork`, the
    unit of work every use case runs in."""

    __tablename__ = "order_works"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    cost: Mapped[Decimal] = mapped_column(MONEY)
    # "work" is priced by the head; "adjustment" is the amount correction taken in from a
    # deal whose amount was edited in Bitrix24 (services/orders/crm_money.py), may be negative.
    kind: Mapped[str] = mapped_column(String(16), default="work", server_default="work")

    order: Mapped[Order] = relationship(back_populates="works")


class OrderMedia(Base):
    __tablename__ = "order_media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # photo | video | document
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int | None] = mapped_column(Integer, default=None)
    media_group_id: Mapped[str | None] = mapped_column(String(64), default=None)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StageTransition(Base):
    __tablename__ = "stage_transitions"
    # Reports find the stays that ended in a period.
    __table_args__ = (Index("ix_stage_transitions_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StageTask(Base):
    """The work a stage asks of a role; offered to everyone holding it until someone takes it."""

    __tablename__ = "stage_tasks"
    __table_args__ = (
        Index("ix_stage_tasks_open_deadline", "status", "deadline"),
        Index("ix_stage_tasks_order_stage", "order_id", "stage"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(24))
    role: Mapped[str] = mapped_column(String(16))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | cancelled
    overdue: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    bitrix_task_id: Mapped[int | None] = mapped_column(Integer, default=None)
