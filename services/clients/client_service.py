"""Clients and their phone history: find by phone, create, rename, add a number."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.clients import rules
from services.clients.rules import PhoneDecision
from services.clock import Clock, system_clock
from services.crm.outbox import writer as outbox_events
from services.errors import DomainError, NotFound
from services.storage.models import Client, ClientPhone, Employee

MAX_NAME_LENGTH = 200
# How a clash on the unique index of current numbers reads: PostgreSQL names the index,
# SQLite the column.
_PHONE_CLASH = ("ux_client_phones_current", "client_phones.phone")


def has_current_phone(client: Client, e164: str) -> bool:
    """Whether `e164` is a number the client uses now (not only one they used to have)."""
    return any(p.phone == e164 and p.retired_at is None for p in client.phones)


def phone_tail(e164: str) -> str:
    # The audit journal keeps only the last digits: full numbers stay out of journals and logs.
    return e164[-4:]


class ClientService:
    """Changes leave their rows in the caller's transaction: the use case that calls them
    commits once (`services.storage.unit_of_work.commit`)."""

    def __init__(self, session: AsyncSession, clock: Clock = system_clock) -> None:
        self.session = session
        self.clock = clock

    # Lookups: never commit.

    async def get(self, client_id: int) -> Client:
        client = await self.session.get(Client, client_id)
        if client is None:
            raise NotFound("client-error-not-found")
        return client

    async def find_by_phone(self, e164: str) -> Client | None:
        """The client using the number now; failing that, the latest one who used it before."""
        row = await self.session.scalar(
            select(ClientPhone)
            .where(ClientPhone.phone == e164)
            .order_by(
                ClientPhone.retired_at.is_not(None),
                ClientPhone.added_at.desc(),
                ClientPhone.id.desc(),
            )
            .limit(1)
        )
        return None if row is None else await self.get(row.client_id)

    async def phone_history(self, client_id: int) -> Sequence[ClientPhone]:
        """Every number the client ever had, oldest first; retired ones carry `retired_at`."""
        await self.get(client_id)
        result = await self.session.scalars(
            select(ClientPhone)
            .where(ClientPhone.client_id == client_id)
            .order_by(ClientPhone.added_at, ClientPhone.id)
        )
        return result.all()

    # Changes: never commit (the caller's use case does).

    async def create(
        self,
        full_name: str | None,
        phone: str,
        *,
        actor: Employee | None = None,
        bitrix_contact_id: int | None = None,
    ) -> Client:
        """A new client with one current number; refused if someone uses that number now.

        The number is not looked up first: the dialog found nobody with it a moment ago, and
        the unique index on current numbers refuses it if someone got it since.
        `bitrix_contact_id`: the CRM contact the client is made from; it shows the client
        already, so nothing is queued for it."""
        client = Client(
            full_name=rules.clean_name(full_name, MAX_NAME_LENGTH),
            created_at=self.clock(),
            bitrix_contact_id=bitrix_contact_id,
        )
        client.phones = [ClientPhone(phone=phone, added_at=self.clock())]
        self.session.add(client)
        await self._flush_or_phone_taken(None, phone)
        self._changed(
            audit.AuditAction.CLIENT_CREATED,
            client,
            actor,
            sync=bitrix_contact_id is None,
            phone_tail=phone_tail(phone),
        )
        return client

    async def rename(
        self, client_id: int, full_name: str, *, actor: Employee | None = None
    ) -> Client:
        client = await self.get(client_id)
        name = rules.clean_name(full_name, MAX_NAME_LENGTH)
        if name is None:
            raise DomainError("client-error-name-empty")
        if name == client.full_name:
            return client
        self._changed(
            audit.AuditAction.CLIENT_RENAMED, client, actor, old=client.full_name, new=name
        )
        client.full_name = name
        return client

    async def add_phone(
        self,
        client_id: int,
        phone: str,
        *,
        actor: Employee | None = None,
        retire_old: bool = False,
    ) -> Client:
        """Append a number to the client's history; the old ones stay, retired if asked.

        A number the client already uses is a no-op; one another client uses now is refused.
        """
        client = await self.get(client_id)
        if await self._refuse_if_taken(client.id, phone) is PhoneDecision.ALREADY_CURRENT:
            return client
        now = self.clock()
        retired = []
        if retire_old:
            for row in client.phones:
                if row.retired_at is None:
                    row.retired_at = now
                    retired.append(phone_tail(row.phone))
        client.phones.append(ClientPhone(phone=phone, added_at=now))
        self._changed(
            audit.AuditAction.CLIENT_PHONE_ADDED,
            client,
            actor,
            phone_tail=phone_tail(phone),
            retired_tails=retired,
        )
        await self._flush_or_phone_taken(client.id, phone)
        return client

    def _changed(
        self,
        action: audit.AuditAction,
        client: Client,
        actor: Employee | None,
        *,
        sync: bool = True,
        **details: object,
    ) -> None:
        """A change's journal row, and (`sync`) the CRM's contact queued to show it."""
        audit.record_about(self.session, action, client, actor=actor, **details)
        if sync:
            outbox_events.client_changed(self.session, client.id)

    async def _flush_or_phone_taken(self, client_id: int | None, phone: str) -> None:
        try:
            await self.session.flush()
        except IntegrityError as error:
            if not any(mark in str(error.orig) for mark in _PHONE_CLASH):
                raise
            # Someone got the number meanwhile: all of this transaction goes (the caller's
            # writes too, as with any refusal), and the holder, committed now, is named.
            await self.session.rollback()
            await self._refuse_if_taken(client_id, phone)
            raise  # the holder let go of it again: unexpected, not "taken"

    async def _refuse_if_taken(self, client_id: int | None, phone: str) -> PhoneDecision:
        rows = (
            await self.session.scalars(select(ClientPhone).where(ClientPhone.phone == phone))
        ).all()
        decision = rules.decide_phone(client_id, rows)
        if decision is PhoneDecision.TAKEN:
            holder = next(r for r in rows if r.retired_at is None)
            other = await self.get(holder.client_id)
            raise DomainError(
                "client-error-phone-taken", client_id=other.id, name=other.full_name or ""
            )
        return decision
