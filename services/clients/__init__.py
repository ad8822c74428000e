"""Clients, their phones, cars and who owns or drives them. Knows nothing of Telegram.

Services take already-normalised values (E.164 phones, normalised VIN and plate); the
normalisers live in `services.normalize`. Nothing here commits: the use case that calls it
commits once.
"""

from services.clients.car_service import CarService
from services.clients.client_service import ClientService, has_current_phone
from services.clients.resolver import (
    UNSAVED_CLIENT,
    Answer,
    CarAnswer,
    CarResolution,
    CarResolver,
    ResolutionKind,
)
from services.clients.rules import DRIVER, OWNER, PhoneDecision
from services.clients.views import CarHolder, CarLink

__all__ = [
    "DRIVER",
    "OWNER",
    "UNSAVED_CLIENT",
    "Answer",
    "CarAnswer",
    "CarHolder",
    "CarLink",
    "CarResolution",
    "CarResolver",
    "CarService",
    "ClientService",
    "PhoneDecision",
    "ResolutionKind",
    "has_current_phone",
]
