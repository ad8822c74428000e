"""Method registry: stores register their REST methods here; dispatch looks them up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.errors import B24Error

if TYPE_CHECKING:
    from tests.fake_bitrix24.stores.state import PortalState


class Params:
    """Request parameters. Most methods take names case-insensitively (old crm docs send
    FIELDS/ID, tables say fields/id); methods like crm.timeline.comment.add ask `exact`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, name: str, default: Any = None, exact: bool = False) -> Any:
        if name in self.data:
            return self.data[name]
        if not exact:
            low = name.lower()
            for key, value in self.data.items():
                if key.lower() == low:
                    return value
        return default

    def has(self, name: str, exact: bool = False) -> bool:
        sentinel = object()
        return self.get(name, sentinel, exact) is not sentinel

    def int(self, name: str, error: B24Error | None = None, exact: bool = False) -> int:
        value = self.get(name, exact=exact)
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = 0
        if number <= 0 and error is not None:
            raise error
        return number

    def dict(self, name: str, exact: bool = False) -> dict[str, Any]:
        value = self.get(name, exact=exact)
        if isinstance(value, dict):
            return value
        if isinstance(value, list):  # PHP: a list is an array too
            return {str(i): v for i, v in enumerate(value)}
        return {}


@dataclass
class ListResult:
    result: Any
    total: int
    next: int | None


@dataclass
class Call:
    state: PortalState
    method: str
    params: Params


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class MethodSpec:
    name: str
    scope: str
    handler: Handler
    batchable: bool = True


METHODS: dict[str, MethodSpec] = {}


def method(name: str, scope: str, batchable: bool = True) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        METHODS[name.lower()] = MethodSpec(name, scope, fn, batchable)
        return fn

    return register


def lookup(name: str) -> MethodSpec | None:
    from tests.fake_bitrix24 import stores  # noqa: F401  (registers all methods)

    return METHODS.get(name.lower())


def _batch_placeholder(call: Call) -> Any:
    raise AssertionError("batch is run by dispatch.execute, not through the registry")


# registered so `methods`/`method.get` list it; dispatch runs it specially
METHODS["batch"] = MethodSpec("batch", "basic", _batch_placeholder, batchable=False)
