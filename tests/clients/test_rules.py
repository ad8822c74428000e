"""The plain rules, without a database: what the importer and the sync reuse."""

from datetime import UTC, datetime

import pytest

from services.clients import rules
from services.clients.rules import DRIVER, OWNER, CarStanding, PhoneDecision
from services.errors import DomainError
from services.storage.models import CarRelation, ClientPhone

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 6, 1, tzinfo=UTC)


def phone(client_id: int, retired: bool = False) -> ClientPhone:
    return ClientPhone(
        client_id=client_id, phone="+79161234567", added_at=T0, retired_at=T1 if retired else None
    )


def relation(client_id: int, kind: str, until: datetime | None = None) -> CarRelation:
    return CarRelation(car_id=1, client_id=client_id, kind=kind, since=T0, until=until)


def test_phone_decisions():
    assert rules.decide_phone(1, []) is PhoneDecision.ADD
    assert rules.decide_phone(1, [phone(1)]) is PhoneDecision.ALREADY_CURRENT
    assert rules.decide_phone(1, [phone(2)]) is PhoneDecision.TAKEN
    # A number someone else gave up may be reused; one this client retired comes back.
    assert rules.decide_phone(1, [phone(2, retired=True)]) is PhoneDecision.ADD
    assert rules.decide_phone(1, [phone(1, retired=True)]) is PhoneDecision.ADD
    assert rules.decide_phone(None, [phone(2)]) is PhoneDecision.TAKEN


def test_standing():
    relations = [relation(1, OWNER, until=T1), relation(2, OWNER), relation(3, DRIVER)]
    assert rules.standing(2, relations) is CarStanding.OWNER
    assert rules.standing(3, relations) is CarStanding.DRIVER
    assert rules.standing(1, relations) is CarStanding.OTHER_OWNER
    assert rules.standing(1, [relation(3, DRIVER)]) is CarStanding.UNCLAIMED


def test_transfer_closes_owner_and_drivers_keeps_rows():
    old_owner, son, stranger = relation(1, OWNER), relation(2, DRIVER), relation(3, DRIVER)
    opened = rules.transfer_ownership(1, [old_owner, son, stranger], 2, T1)
    assert opened is not None and (opened.client_id, opened.kind, opened.since) == (2, OWNER, T1)
    assert old_owner.until == T1 and son.until == T1 and stranger.until == T1
    assert rules.transfer_ownership(1, [opened], 2, T1) is None


def test_transfer_may_keep_other_drivers():
    old_owner, son, brother = relation(1, OWNER), relation(2, DRIVER), relation(3, DRIVER)
    rules.transfer_ownership(1, [old_owner, son, brother], 2, T1, keep_drivers=True)
    assert son.until == T1  # the new owner no longer drives it as a mere driver
    assert brother.until is None


def test_new_driver():
    relations = [relation(1, OWNER)]
    added = rules.new_driver(1, relations, 2, "сын", T1)
    assert added is not None and (added.kind, added.note) == (DRIVER, "сын")
    assert rules.new_driver(1, [*relations, added], 2, "сын", T1) is None
    with pytest.raises(DomainError) as refused:
        rules.new_driver(1, relations, 1, None, T1)
    assert refused.value.key == "car-error-driver-is-owner"


def test_clean_name():
    assert rules.clean_name("  Иван   Петров ", 200) == "Иван Петров"
    assert rules.clean_name("   ", 200) is None
    assert rules.clean_name("x" * 300, 200) == "x" * 200
