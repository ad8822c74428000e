"""All routers, in the order updates try them: specific first, catch-alls last."""

from aiogram import Router

from handlers import common, fallback, invites, pending, start


def build_root_router() -> Router:
    root = Router(name="root")
    root.include_routers(
        start.setup(),
        common.setup(),
        invites.setup(),
        pending.setup(),
        fallback.setup(),
    )
    return root
