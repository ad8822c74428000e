"""aiohttp routes: /rest/{uid}/{secret}/{method} -> faults, bucket, auth, params, dispatch."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fake_bitrix24.dispatch import execute, normalize
from tests.fake_bitrix24.envelope import dumps, success
from tests.fake_bitrix24.errors import B24Error, internal, query_limit
from tests.fake_bitrix24.faults import HTML_502, HTML_503, Rule
from tests.fake_bitrix24.params import parse_pairs

if TYPE_CHECKING:
    from tests.fake_bitrix24.portal import FakePortal

PORTAL_KEY: web.AppKey[FakePortal] = web.AppKey("fake_portal")
JSON_TYPE = "application/json"


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(text=dumps(payload), status=status, content_type=JSON_TYPE, charset="utf-8")


def _error(err: B24Error) -> web.Response:
    return _json(err.body(), err.status)


async def read_params(request: web.Request) -> dict[str, Any]:
    """Query string first, body on top: JSON, urlencoded or multipart (files -> [name, b64])."""
    data = parse_pairs(request.query.items())
    if not request.can_read_body:
        return data
    if request.content_type == JSON_TYPE:
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise B24Error(400, "INVALID_REQUEST", "Request body is not valid JSON") from None
            if isinstance(body, dict):
                data.update(body)
        return data
    form = await request.post()
    pairs: list[tuple[str, Any]] = []
    for key, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            pairs.append((key, [value.filename, base64.b64encode(content).decode()]))
        else:
            pairs.append((key, value))
    data.update(parse_pairs(pairs))
    return data


async def _fault(request: web.Request, rule: Rule, body: str | None = None) -> web.StreamResponse:
    if rule.kind == "down":
        return web.Response(text=HTML_503, status=503, content_type="text/html")
    if rule.kind == "error_500":
        return _error(internal())
    if rule.kind == "html":
        return web.Response(text=HTML_502, status=502, content_type="text/html")
    if rule.kind == "envelope":
        return _json({"status": "ok", "data": {"items": []}})
    if rule.kind == "wrong_result":
        return _json({"result": "OK", "time": {"start": 0}})
    if rule.kind == "truncated":
        text = body or dumps({"result": True, "time": {"start": 0}})
        return web.Response(text=text[: max(1, len(text) // 2)], status=200, content_type=JSON_TYPE)
    # drop: close the socket without any answer; aiohttp then skips writing the response
    request.protocol.force_close()
    return web.Response(status=500)


async def handle(request: web.Request) -> web.StreamResponse:
    portal = request.app[PORTAL_KEY]
    portal.counters.requests += 1
    sock = request.transport.get_extra_info("sockname") if request.transport else None
    if portal.old_port and sock and sock[1] == portal.old_port:
        # portal moved: 302 to the new address; POST clients that follow as GET lose the body
        raise web.HTTPFound(location=f"{portal.base_url}{request.path_qs}")
    method_name = normalize(request.match_info["method"])
    faults = portal.faults
    rule = faults.pick(method_name, after=False)
    if rule is not None:
        portal.counters.faults_injected += 1
        if rule.kind == "hang":
            await faults.wait_hang(rule)
        else:
            return await _fault(request, rule)
    if not portal.bucket.try_acquire():
        portal.counters.rejected_503 += 1
        return _error(query_limit())
    if (
        request.match_info["user_id"] != str(portal.user_id)
        or request.match_info["secret"] != portal.secret
        or portal.webhook_disabled
    ):
        return _error(
            B24Error(
                portal.auth_error_status, portal.auth_error_code, "Invalid request credentials"
            )
        )
    try:
        data = await read_params(request)
    except B24Error as err:
        return _error(err)
    outcome = await execute(portal, method_name, data)
    if outcome.error is not None:
        response = _error(outcome.error)
        text = None
    else:
        text = dumps(success(outcome.result, outcome.time or {}, outcome.total, outcome.next))
        response = web.Response(text=text, content_type=JSON_TYPE, charset="utf-8")
    after = faults.pick(method_name, after=True)
    if after is not None:
        # the work is done and stored - only the answer is lost
        portal.counters.faults_injected += 1
        return await _fault(request, after, text)
    return response


def create_app(portal: FakePortal) -> web.Application:
    app = web.Application(client_max_size=64 * 1024**2)
    app[PORTAL_KEY] = portal
    app.router.add_route("*", "/rest/{user_id}/{secret}/{method:.+}", handle)
    return app
