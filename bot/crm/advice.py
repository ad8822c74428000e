"""What `stobot b24 setup` / `check` tell the integrator when the portal refuses a call.

Every message names the method that failed and the portal's own code and words, then says what
to do about it: which scope to tick, which version to update to, what the plan lacks, which
setting holds the webhook address. English, like the rest of the command line.
"""

from __future__ import annotations

from services.crm.bitrix24 import (
    AccessDenied,
    AuthError,
    Bitrix24Error,
    Bitrix24NetworkError,
    MethodNotFound,
    OperationTimeLimit,
    OverloadLimit,
    PortalUnavailable,
    QueryLimitExceeded,
)

REQUIRED_SCOPES = ("crm", "task", "im", "user", "userfieldconfig")
# Method family → the webhook scope it needs (contract §1, `api-reference/scopes/permissions.md`).
_SCOPE_OF = {"crm": "crm", "userfieldconfig": "userfieldconfig", "tasks": "task", "task": "task"}
_SCOPE_OF |= {"im": "im", "user": "user"}
_NEW_WEBHOOK = (
    "create an inbound webhook in the portal (Developer resources → Other → Inbound webhook) "
    f"with the scopes {', '.join(REQUIRED_SCOPES)} and put its address into BITRIX24_WEBHOOK_URL."
)
_AGAIN = "then run `stobot b24 setup` again."


def explain(exc: Bitrix24Error) -> str:
    """`<method> failed (<code>: <portal's words>). <what it means and what to do>`."""
    method = exc.method or "the call"
    said = f"{exc.code}: {exc.description}" if exc.code else exc.description
    said = said.strip().rstrip(".")
    return f"{method} failed ({said}). {_advice(exc, method)}"


def _advice(exc: Bitrix24Error, method: str) -> str:
    code = exc.code.upper()
    if isinstance(exc, AuthError):
        return f"The webhook address is wrong, expired or deleted: {_NEW_WEBHOOK}"
    if code == "INSUFFICIENT_SCOPE":
        scope = _SCOPE_OF.get(method.split(".", 1)[0], "crm")
        return (
            f"The webhook lacks the scope «{scope}»: edit the inbound webhook in the portal, "
            f"tick «{scope}» (the mirror needs {', '.join(REQUIRED_SCOPES)}) and save; the "
            "address stays the same."
        )
    if code == "CREATE_DYNAMIC_TYPE_RESTRICTED":
        return (
            "The portal's plan allows no more smart processes, and the mirror keeps cars in one "
            "titled «Автомобиль»: move the portal to a plan with smart processes, or delete a "
            f"smart process nobody uses, {_AGAIN}"
        )
    if code == "ALLOWED_ONLY_INTRANET_USER":
        return f"The webhook belongs to an extranet user: {_NEW_WEBHOOK} Create it as an employee."
    if isinstance(exc, AccessDenied):
        return (
            "The webhook acts as the user who created it, and that user may not do this: "
            "setup adds a pipeline, stages, a smart process and fields, which takes a CRM "
            f"administrator. Sign in as one and {_NEW_WEBHOOK} (On the free plan the REST API "
            "is closed altogether: a commercial plan is needed.)"
        )
    if isinstance(exc, MethodNotFound):
        return (
            "This Bitrix24 does not have that method: an on-premise (box) version older than "
            "the mirror needs. Update the portal (the CRM module 25.0.0 or later: smart "
            "processes through crm.type.* and crm.item.*, fields through userfieldconfig.*), "
            f"{_AGAIN}"
        )
    if isinstance(exc, PortalUnavailable):
        return "The portal is deleted, closed or unpaid: check its plan and address in the portal."
    if isinstance(exc, OverloadLimit):
        return "Bitrix24 support has blocked requests from this server: write to their support."
    if isinstance(exc, QueryLimitExceeded | OperationTimeLimit):
        return (
            "The portal's request limit is spent (other integrations on this server share it): "
            f"wait ten minutes, {_AGAIN}"
        )
    if isinstance(exc, Bitrix24NetworkError) or (not exc.code and exc.status == 404):
        return (
            "No Bitrix24 answer came back: check that the portal is up and that "
            "BITRIX24_WEBHOOK_URL looks like https://<portal>/rest/<user id>/<secret>/, "
            f"{_AGAIN}"
        )
    return f"The portal refused the call; {_AGAIN} If it repeats, send this line to support."
