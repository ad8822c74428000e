"""What becomes of a message whose sync failed: retried later, parked, or waiting."""

from __future__ import annotations

import random
from dataclasses import dataclass

from services.crm.bitrix24 import (
    AccessDenied,
    AuthError,
    BatchError,
    Bitrix24Error,
    Bitrix24NetworkError,
    InvalidRequest,
    MethodNotFound,
    NotFound,
)
from services.crm.bitrix24.dedupe import PORTAL_REQUEST_CAP
from services.crm.mirror.context import Refused, Waiting
from services.crm.outbox.kinds import Entity

# Errors a retry will not cure: the message is parked, with the reason, for the director.
_PERMANENT = (AuthError, AccessDenied, InvalidRequest, MethodNotFound, NotFound, BatchError)


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 12
    base_delay: float = 5.0
    max_delay: float = 900.0
    # A dependency is on its way: look again soon. (Waits cost no attempt, so this is what
    # keeps a message whose dependency keeps failing from being taken over and over.)
    wait_delay: float = 10.0
    # The portal is down: messages spend no attempt and wait this long, and the relay looks
    # at the portal this often, so sending resumes within it once the portal is back.
    down_delay: float = 1.0

    def backoff(self, attempts: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class Outcome:
    action: str  # "retry" | "park" | "wait"
    reason: str
    delay: float = 0.0
    needs: tuple[Entity, int] | None = None  # a wait's missing dependency
    down: bool = False  # the portal was down (refused the request unserved)


def outcome_of(exc: BaseException, attempts: int, policy: Policy) -> Outcome:
    if isinstance(exc, Waiting):
        return Outcome("wait", str(exc), policy.wait_delay, exc.needs)
    if isinstance(exc, Refused):
        return Outcome("park", str(exc))
    reason = _describe(exc)
    if isinstance(exc, Bitrix24NetworkError) and exc.unserved:
        # Not this message's fault: a backoff grown over a long outage would hold it back
        # long after the portal returned.
        return Outcome("wait", f"the portal is unavailable: {reason}", policy.down_delay, down=True)
    if isinstance(exc, _PERMANENT):
        return Outcome("park", f"Bitrix24 refused: {reason}")
    if attempts >= policy.max_attempts:
        return Outcome("park", f"gave up after {attempts} attempts: {reason}")
    delay = policy.backoff(attempts)
    if isinstance(exc, Bitrix24NetworkError) and exc.timed_out:
        # The portal may still be running a create we gave up on; it stops within 60 s, and
        # only then does the look-up before the next create tell the truth (contract §4).
        delay = max(delay, PORTAL_REQUEST_CAP)
    return Outcome("retry", reason, delay)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Bitrix24Error):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def behind_parked(entity_type: str, entity_id: int) -> str:
    """The reason a message is parked behind another entity's parked sync; `queue` finds the
    messages by it, to bring them back together with that sync."""
    return f"waits for {entity_type} {entity_id}, whose sync is parked: retry both"
