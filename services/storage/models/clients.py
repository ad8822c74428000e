"""Clients, their phone history, cars and who owns or drives them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, ScalarSelect, String, select, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.storage.models.base import Base, UTCDateTime, utcnow


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str | None] = mapped_column(String(200), default=None)
    email: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bitrix_contact_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)

    phones: Mapped[list[ClientPhone]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ClientPhone.added_at",
    )

    @hybrid_property
    def current_phone(self) -> str | None:
        """The newest phone still in use; older ones stay as history."""
        current = [p for p in self.phones if p.retired_at is None]
        return current[-1].phone if current else None

    @current_phone.inplace.expression
    @classmethod
    def _current_phone_column(cls) -> ScalarSelect[str | None]:
        """The same in SQL, a column of a statement that has the client in it (one read for
        a screen that shows it with other rows)."""
        return (
            select(ClientPhone.phone)
            .where(ClientPhone.client_id == cls.id, ClientPhone.retired_at.is_(None))
            .order_by(ClientPhone.added_at.desc(), ClientPhone.id.desc())
            .limit(1)
            .scalar_subquery()
        )


class ClientPhone(Base):
    """Every number a client ever had; a new number is added, never written over an old one."""

    __tablename__ = "client_phones"
    __table_args__ = (
        Index("ix_client_phones_phone", "phone"),
        # A number someone uses now is theirs alone (retired ones may repeat): the last word
        # when two masters give the same new number at once.
        Index(
            "ux_client_phones_current",
            "phone",
            unique=True,
            postgresql_where=text("retired_at IS NULL"),
            sqlite_where=text("retired_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    client: Mapped[Client] = relationship(back_populates="phones")


class Car(Base):
    __tablename__ = "cars"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vin: Mapped[str | None] = mapped_column(String(17), unique=True, default=None)
    plate: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    make: Mapped[str | None] = mapped_column(String(64), default=None)
    model: Mapped[str | None] = mapped_column(String(64), default=None)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bitrix_item_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)


class CarRelation(Base):
    """A person's link to a car: its owner, or a driver who is not the owner (son, brother…).

    Ownership history is kept: an owner change closes the old row (`until`) and opens a new one.
    """

    __tablename__ = "car_relations"
    __table_args__ = (Index("ix_car_relations_car_current", "car_id", "until"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    car_id: Mapped[int] = mapped_column(ForeignKey("cars.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "owner" | "driver"
    note: Mapped[str | None] = mapped_column(String(64), default=None)  # "сын", "брат"…
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
