"""The director's seat: reports with charts and exports, staff, the audit journal, settings."""

from aiogram import Router

from handlers.director import guard, journal, phones, report, staff


def setup() -> Router:
    router = Router(name=__name__)
    # The refusal first: a non-director's command or forged button never reaches the screens.
    router.include_routers(
        guard.setup(), report.setup(), staff.setup(), journal.setup(), phones.setup()
    )
    return router
