"""A local fake of a Bitrix24 cloud portal's inbound-webhook REST API (see README.md)."""

from tests.fake_bitrix24.portal import FakePortal

__all__ = ["FakePortal"]
