"""The handler routers as one flat list of handlers per event type.

Each handler module keeps its own router (one job per file), but aiogram walks that tree of
~35 routers for every update: per router it copies the update's data (~30 entries) several
times, wraps the middleware chains in fresh closures and checks the router's own filters,
before a handler is tried. Once the tree is built, `flatten` moves every handler into the root
router's observers in the order aiogram would have tried them, each preceded by its routers'
own filters, so an update costs one walk of one list (bench/README.md).

Same behaviour, given what this checks: no router under the root has middlewares (they would
apply to its handlers only), and the routers' filters run before the handler's own ones, as
aiogram runs them. What changes: a router's filter is checked once per handler of that router
instead of once per router (they are role checks), and `event_router` is the root.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from aiogram import Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram_dialog import DialogProtocol


def flatten(root: Router) -> int:
    """Moves every handler under `root` into `root`'s observers; returns how many moved.
    aiogram-dialog's dialogs stay in the tree too (behind the flat list, never reached from
    it): its registry finds a dialog by walking the routers."""
    dialogs = list(_dialogs(root))
    moved = 0
    for sub_router in root.sub_routers:
        for update_type, handlers in _handlers_in_order(sub_router).items():
            root.observers[update_type].handlers.extend(handlers)
            moved += len(handlers)
    for sub_router in root.sub_routers:
        sub_router._parent_router = None
    root.sub_routers.clear()
    for dialog in dialogs:
        dialog._parent_router = None
        root.include_router(dialog)
    return moved


def _dialogs(router: Router) -> Iterator[Router]:
    for sub_router in router.sub_routers:
        if isinstance(sub_router, DialogProtocol):
            yield sub_router
        yield from _dialogs(sub_router)


def _handlers_in_order(router: Router) -> dict[str, list[HandlerObject]]:
    """The router's handlers, then its sub-routers', as aiogram tries them; each handler's
    filters preceded by those of every router above it (up to the root's children)."""
    found: dict[str, list[HandlerObject]] = {}
    for update_type, observer in router.observers.items():
        if len(observer.outer_middleware) or len(observer.middleware):
            raise ValueError(
                f"router {router.name!r} has {update_type} middlewares: they apply to its own "
                "handlers only, so it cannot be flattened; register them on the root router"
            )
        found[update_type] = list(observer.handlers)
    for sub_router in router.sub_routers:
        for update_type, handlers in _handlers_in_order(sub_router).items():
            found[update_type].extend(handlers)
    for update_type, observer in router.observers.items():
        router_filters = observer._handler.filters or []
        if router_filters:
            found[update_type] = [
                replace(h, filters=[*router_filters, *(h.filters or ())])
                for h in found[update_type]
            ]
    return found
