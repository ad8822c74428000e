"""The director's seat: reports with charts and exports, staff, the audit journal, settings."""

from aiogram import Router

from bot.filters import HasRole
from dialogs import director_journal, director_phones, director_report, director_staff
from handlers.director import guard
from services.staff.roles import Role


def setup() -> Router:
    router = Router(name=__name__)
    # Behind one role check: anyone else's update passes the four screens' routers with it.
    seat = Router(name=f"{__name__}.seat")
    seat.message.filter(HasRole(Role.DIRECTOR))
    seat.callback_query.filter(HasRole(Role.DIRECTOR))
    seat.include_routers(
        director_report.entry(),
        director_staff.entry(),
        director_journal.entry(),
        director_phones.entry(),
    )
    # The refusal first: a non-director's command or forged button never reaches the screens.
    router.include_routers(guard.setup(), seat)
    return router
