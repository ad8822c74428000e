"""PortalState: every store of one fake portal, plus id sequences, files and the clock."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.clock import Clock
from tests.fake_bitrix24.envelope import PORTAL_TZ

if TYPE_CHECKING:
    from tests.fake_bitrix24.events import EventEmitter


@dataclass
class StoredFile:
    id: int
    name: str
    content: bytes


class PortalState:
    def __init__(self, clock: Clock, events: EventEmitter, webhook_user_id: int = 1) -> None:
        from tests.fake_bitrix24.stores.categories import Categories
        from tests.fake_bitrix24.stores.contacts import Contacts
        from tests.fake_bitrix24.stores.deals import Deals
        from tests.fake_bitrix24.stores.items import Items
        from tests.fake_bitrix24.stores.tasks import Tasks
        from tests.fake_bitrix24.stores.timeline import Timeline
        from tests.fake_bitrix24.stores.userfields import UserFields
        from tests.fake_bitrix24.stores.users import Users

        self.clock = clock
        self.events = events
        self.webhook_user_id = webhook_user_id
        # A person working in the portal's UI (`as_user`); None: the webhook's own user.
        self.acting_user_id: int | None = None
        # scopes ticked on the webhook; "basic" (batch, scope, methods...) is always on
        self.scopes: list[str] = ["crm", "task", "im", "user", "userfieldconfig"]
        self._seq: dict[str, int] = {}
        self.files: dict[int, StoredFile] = {}
        self.userfields = UserFields(self)
        self.categories = Categories(self)
        self.deals = Deals(self)
        self.contacts = Contacts(self)
        self.items = Items(self)
        self.tasks = Tasks(self)
        self.timeline = Timeline(self)
        self.users = Users(self)
        # what the bot sends through im.notify.*: list of dicts as received
        self.notifications: list[dict[str, Any]] = []
        # the portal base url, set by FakePortal.start(), used for file urls
        self.base_url = "http://127.0.0.1"

    @property
    def actor_id(self) -> int:
        """Who a change is by (MODIFY_BY_ID, MOVED_BY_ID)."""
        return self.acting_user_id or self.webhook_user_id

    @contextmanager
    def as_user(self, user_id: int) -> Iterator[None]:
        """Changes made inside are a person's in the UI, not the webhook's."""
        before, self.acting_user_id = self.acting_user_id, user_id
        try:
            yield
        finally:
            self.acting_user_id = before

    def next_id(self, name: str, start: int = 1) -> int:
        value = self._seq.get(name, start - 1) + 1
        self._seq[name] = value
        return value

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock.time()), PORTAL_TZ)

    def store_file(self, name: str, b64: str) -> StoredFile:
        try:
            content = base64.b64decode(b64, validate=False)
        except (binascii.Error, ValueError):
            content = b""
        record = StoredFile(self.next_id("file"), str(name), content)
        self.files[record.id] = record
        return record

    def file_url(self, file_id: int) -> str:
        return f"{self.base_url}/disk/showFile/{file_id}/"
