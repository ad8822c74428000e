"""What the car service needs from the VIN decoder, so tests and the importer can swap it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from services.normalize.vin_decode import decode_vin


class DecodedVin(Protocol):
    @property
    def make(self) -> str | None: ...
    @property
    def model(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...


VinDecoder = Callable[[str], DecodedVin | None]


def default_decoder(vin: str) -> DecodedVin | None:
    return decode_vin(vin)
