"""A page of a longer list, as the lists with ◀️ ▶️ show it (orders, staff)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # rows matching, over all pages
    limit: int
    offset: int  # of the page shown: a page past the end may be shown as the first

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total
