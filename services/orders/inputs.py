"""Input shapes of the order use cases and their validation (bad input → DomainError)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple, Protocol

from services.errors import DomainError

MEDIA_KINDS = frozenset({"photo", "video", "document"})
_MAX_MONEY = Decimal("9999999999.99")  # Numeric(12, 2)
_MAX_QUANTITY = Decimal("9999999.999")  # Numeric(10, 3)
MAX_DELIVERY_DAYS = 365


class PartInput(NamedTuple):
    """A needed part as the master enters it; a plain (name, article, quantity) tuple works."""

    name: str
    article: str | None
    quantity: Decimal


class PartLike(Protocol):
    """Anything with these fields, e.g. `services.normalize.PartLine` from a pasted list."""

    @property
    def name(self) -> str: ...
    @property
    def article(self) -> str | None: ...
    @property
    def quantity(self) -> Decimal: ...


def as_part(value: PartInput | PartLike | tuple[str, str | None, Decimal]) -> PartInput:
    if isinstance(value, tuple):
        return PartInput(*value)
    return PartInput(value.name, value.article, value.quantity)


class MediaInput(NamedTuple):
    """A photo, video or document as Telegram gave it (albums share `media_group_id`)."""

    kind: str
    file_id: str
    file_unique_id: str
    file_size: int | None = None
    media_group_id: str | None = None


def clip(value: str | None, limit: int) -> str | None:
    """Stripped text cut to its column's length; empty becomes None."""
    cleaned = (value or "").strip()
    # Cut, then strip again: a name must not end in a space the portal would trim away.
    return cleaned[:limit].rstrip() or None


def name(value: str, limit: int = 200) -> str:
    cleaned = clip(value, limit)
    if cleaned is None:
        raise DomainError("order-error-empty-name")
    return cleaned


def quantity(value: Decimal | int | str) -> Decimal:
    number = _decimal(value, "order-error-bad-quantity")
    if number <= 0 or number > _MAX_QUANTITY or number != number.quantize(Decimal("0.001")):
        raise DomainError("order-error-bad-quantity", value=str(value))
    return number


def price(value: Decimal | int | str) -> Decimal:
    number = _decimal(value, "order-error-bad-price")
    if number < 0 or number > _MAX_MONEY or number != number.quantize(Decimal("0.01")):
        raise DomainError("order-error-bad-price", value=str(value))
    return number


def delivery_days(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DELIVERY_DAYS:
        raise DomainError("order-error-bad-days", value=str(value))
    return value


def media_kind(value: str) -> str:
    if value not in MEDIA_KINDS:
        raise DomainError("order-error-bad-media", kind=value)
    return value


def _decimal(value: Decimal | int | str, key: str) -> Decimal:
    # Floats are refused: 0.1 + 0.2 is not money.
    if isinstance(value, float | bool):
        raise DomainError(key, value=str(value))
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        raise DomainError(key, value=str(value)) from None
    if not number.is_finite():
        raise DomainError(key, value=str(value))
    return number
