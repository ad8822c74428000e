"""Stateful stores; importing this package registers every REST method of the fake."""

from tests.fake_bitrix24.stores import (  # noqa: F401
    categories,
    contacts,
    deals,
    items,
    tasks,
    timeline,
    userfields,
    users,
)
