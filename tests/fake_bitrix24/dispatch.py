"""Runs one method call - top level or inside a batch - with scope and budget checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.fake_bitrix24.envelope import time_block
from tests.fake_bitrix24.errors import (
    B24Error,
    internal,
    method_not_found,
    operation_time_limit,
)
from tests.fake_bitrix24.registry import Call, ListResult, MethodSpec, Params, lookup

if TYPE_CHECKING:
    from tests.fake_bitrix24.portal import FakePortal

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    result: Any = None
    total: int | None = None
    next: int | None = None
    error: B24Error | None = None
    time: dict[str, Any] | None = None


def normalize(name: str) -> str:
    """Method names are case-insensitive; `.json` / `.xml` suffix and a trailing / optional."""
    name = name.strip().strip("/").lower()
    for suffix in (".json", ".xml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


async def execute(
    portal: FakePortal, name: str, data: dict[str, Any], in_batch: bool = False
) -> Outcome:
    name = normalize(name)
    clock = portal.clock
    start = clock.time()
    spec = lookup(name)
    if spec is None:
        return Outcome(error=method_not_found(name))
    refused = _refusal(portal, name, spec, in_batch)
    if refused is not None:
        return Outcome(error=refused)
    budgeted = name != "batch"  # the outer batch is not counted, its sub-calls are (§4)
    if budgeted and portal.budget.blocked(name):
        portal.counters.rejected_429 += 1
        return Outcome(error=operation_time_limit())
    await portal.faults.pass_gate(name, False, data)
    outcome = await _run(portal, name, spec, data)
    await portal.faults.pass_gate(name, True, data)
    cost = portal.budget.cost(name) if budgeted else 0.0
    if portal.latency:
        await clock.sleep(portal.latency)
    if budgeted:
        portal.budget.record(name, cost)
    finish = max(clock.time(), start + cost)
    processing = max(cost, finish - start) * 0.95
    if budgeted:
        outcome.time = time_block(
            start, finish, processing, portal.budget.operating(name), portal.budget.reset_at(name)
        )
    else:
        outcome.time = time_block(start, finish, processing)
    return outcome


def _refusal(portal: FakePortal, name: str, spec: MethodSpec, in_batch: bool) -> B24Error | None:
    """Why the portal refuses the method before running it: not in a batch, or not in scope."""
    if in_batch and (name == "batch" or not spec.batchable):
        return B24Error(
            405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"
        )
    if spec.scope != "basic" and spec.scope not in portal.state.scopes:
        return B24Error(
            portal.scope_error_status,
            "insufficient_scope",
            "The request requires higher privileges than provided by the webhook token",
        )
    return None


async def _run(portal: FakePortal, name: str, spec: MethodSpec, data: dict[str, Any]) -> Outcome:
    outcome = Outcome()
    try:
        if name == "batch":
            from tests.fake_bitrix24.batch import run_batch

            portal.counters.batches += 1
            value: Any = await run_batch(portal, Params(data))
        else:
            value = spec.handler(Call(portal.state, name, Params(data)))
            portal.counters.commands += 1
            portal.counters.per_method[name] += 1
    except B24Error as err:
        outcome.error = err
    except Exception:  # a bug in the fake must look like a portal fault, loudly
        log.exception("fake portal handler %s crashed", name)
        outcome.error = internal()
    else:
        if isinstance(value, ListResult):
            outcome.result, outcome.total, outcome.next = value.result, value.total, value.next
        else:
            outcome.result = value
    return outcome
