"""One export row → one clean row plus notes on what was changed or dropped and why.

Pure and picklable: the importer runs it in worker processes. A row's client still imports
when its VIN is wrong, and its car when a phone is wrong; only a row with neither is skipped.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from services.importer.names import clean_client_name
from services.importer.profile import Profile
from services.normalize import (
    InvalidPhone,
    InvalidPlate,
    InvalidVin,
    clean_vin,
    looks_like_excel_scientific,
    normalize_phone,
    normalize_plate,
    normalize_vin,
    split_phones,
)
from services.normalize.phone import parse_phone

OWNER, DRIVER, FORMER_OWNER = "owner", "driver", "former_owner"
MAX_TEXT = 64
MAX_MILEAGE = 3_000_000
FIRST_YEAR = 1900
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_EMAIL_SPLIT = re.compile(r"[,;\s]+")
_MILEAGE_JUNK = re.compile(r"\s|км|km|\.0+$", re.IGNORECASE)
_VIN_SEPARATORS = frozenset(" \t\u00a0-_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_CYRILLIC = frozenset("АВЕКМНОРСТУХавекмнорстух")
_SIMPLE_PHONE = re.compile(r"\+?\d{10,11}")
_DMY = re.compile(r"(?P<d>\d\d)\.(?P<m>\d\d)\.(?P<y>\d{4})")
_YMD = re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")
_NO_PLATE = frozenset("0 -—–.")
_EXT_HINT = re.compile(r"[^\W\d_]|#")  # an extension needs a marker: "доб.", "ext", "#"
# "2014г", "2014 г.", "2014 г.в." (год выпуска), "2014 год"; "2014.0" from a number cell.
_YEAR = re.compile(r"(\d{4})(?:\.0+)?\s*(?:г(?:од)?\.?\s*(?:в\.?)?)?", re.IGNORECASE)


class CleanRow(NamedTuple):
    row: int
    name: str | None
    phones: tuple[str, ...]
    email: str | None
    vin: str | None
    plate: str | None
    make: str | None
    model: str | None
    year: int | None
    mileage: int | None
    visit: str | None  # ISO date
    relation: str


class Note(NamedTuple):
    row: int
    field: str
    original: str
    action: str  # cleaned | moved | dropped | rejected | merged | added | …
    value: str  # what it became ("" when dropped)
    rule: str  # services.importer.rules.WHY key


@dataclass(frozen=True)
class Cleaner:
    layout: dict[str, list[int]]  # field → column indexes (Profile.locate)
    profile: Profile
    max_year: int
    width: int = 0  # cells a whole last row has at least; 0: not checked

    def clean_many(
        self, rows: list[tuple[int, list[str]]], last: bool = False
    ) -> tuple[list[CleanRow], list[Note]]:
        """`last`: these are the file's last rows, whose last one may be cut off."""
        out: list[CleanRow] = []
        notes: list[Note] = []
        if last and rows and len(rows[-1][1]) < self.width:
            # A file cut off in the middle of its last row: importing half a row would write
            # a client without their car, or a car without its owner.
            n, cells = rows[-1]
            notes.append(Note(n, "row", " | ".join(cells), "rejected", "", "row.truncated"))
            rows = rows[:-1]
        for row_no, cells in rows:
            cleaned = self.clean(row_no, cells, notes)
            if cleaned is not None:
                out.append(cleaned)
        return out, notes

    def clean(self, n: int, cells: list[str], notes: list[Note]) -> CleanRow | None:
        get = self._getter(cells)
        name_raw = get("name")
        name_result = clean_client_name(name_raw) if name_raw else None
        phones = self._phones(n, cells, notes)
        name = None
        if name_result is not None:
            name = name_result.name
            if name_result.phones:
                rule = "name.only_phone" if name is None else "name.phone_moved"
                notes.append(Note(n, "name", name_raw, "moved", name or "", rule))
                phones += tuple(p for p in name_result.phones if p not in phones)
            elif name_result.case_fixed:
                notes.append(Note(n, "name", name_raw, "cleaned", name or "", "name.case"))
            elif name_result.spacing_fixed:
                notes.append(Note(n, "name", name_raw, "cleaned", name or "", "name.spacing"))
        vin = self._vin(n, get("vin"), notes)
        plate = self._plate(n, get("plate"), notes)
        if not (name or phones or vin or plate):
            notes.append(Note(n, "row", "", "skipped", "", "row.empty"))
            return None
        return CleanRow(
            row=n,
            name=name,
            phones=phones,
            email=self._email(n, get("email"), notes),
            vin=vin,
            plate=plate,
            make=_text(get("make")),
            model=_text(get("model")),
            year=self._year(n, get("year"), notes),
            mileage=self._mileage(n, get("mileage"), notes),
            visit=self._visit(n, get("last_visit"), notes),
            relation=self._relation(n, get("relation"), notes),
        )

    def __post_init__(self) -> None:
        first = {f: idx[0] for f, idx in self.layout.items() if idx}
        object.__setattr__(self, "_first", first)

    def _getter(self, cells: list[str]):  # type: ignore[no-untyped-def]
        first: dict[str, int] = self._first  # type: ignore[attr-defined]
        size = len(cells)

        def get(field: str) -> str:
            i = first.get(field, size)
            return cells[i].strip() if i < size else ""

        return get

    def _phones(self, n: int, cells: list[str], notes: list[Note]) -> tuple[str, ...]:
        found: list[str] = []
        size = len(cells)
        for idx in self.layout.get("phones", ()):
            cell = cells[idx].strip() if idx < size else ""
            if not cell:
                continue
            if _SIMPLE_PHONE.fullmatch(cell):
                # The common case: one plain number, no splitting needed.
                pieces = [cell]
            else:
                pieces = split_phones(cell)
                if len(pieces) > 1:
                    notes.append(Note(n, "phone", cell, "split", " | ".join(pieces), "phone.split"))
            for piece in pieces:
                e164 = self._phone(n, piece, notes)
                if e164 is not None and e164 not in found:
                    found.append(e164)
        return tuple(found)

    def _phone(self, n: int, piece: str, notes: list[Note]) -> str | None:
        if looks_like_excel_scientific(piece):
            notes.append(Note(n, "phone", piece, "rejected", "", "phone.excel"))
            return None
        try:
            e164 = normalize_phone(piece)
        except InvalidPhone as exc:
            notes.append(Note(n, "phone", piece, "rejected", "", f"phone.{exc.reason}"))
            return None
        if _EXT_HINT.search(piece) and _extension(piece):
            notes.append(Note(n, "phone", piece, "cleaned", e164, "phone.extension"))
        return e164

    def _vin(self, n: int, raw: str, notes: list[Note]) -> str | None:
        if not raw:
            return None
        try:
            vin = normalize_vin(raw)
        except InvalidVin as exc:
            rule = f"vin.{exc.reason}"
            action = "dropped" if exc.reason == "placeholder" else "rejected"
            notes.append(Note(n, "vin", raw, action, "", rule))
            return None
        if vin != raw:
            rule = "vin.cyrillic" if any(c in _CYRILLIC for c in raw) else "vin.cleaned"
            notes.append(Note(n, "vin", raw, "cleaned", vin, rule))
        return vin

    def _plate(self, n: int, raw: str, notes: list[Note]) -> str | None:
        # "-", "0", "нет": no plate (a plate always has digits other than zeros).
        if (
            not raw
            or set(raw) <= _NO_PLATE
            or (not any(c.isdigit() for c in raw) and clean_vin(raw) is None)
        ):
            return None
        try:
            plate = normalize_plate(raw)
        except InvalidPlate:
            notes.append(Note(n, "plate", raw, "rejected", "", "plate.invalid"))
            return None
        if plate != raw:
            notes.append(Note(n, "plate", raw, "cleaned", plate, "plate.normalised"))
        return plate

    def _email(self, n: int, raw: str, notes: list[Note]) -> str | None:
        if not raw or ("@" not in raw and clean_vin(raw) is None):
            return None
        for piece in _EMAIL_SPLIT.split(raw.lower()):
            if _EMAIL.fullmatch(piece) and len(piece) <= 200:
                return piece
        notes.append(Note(n, "email", raw, "rejected", "", "email.invalid"))
        return None

    def _year(self, n: int, raw: str, notes: list[Note]) -> int | None:
        if not raw:
            return None
        m = _YEAR.fullmatch(raw)
        if m is not None and FIRST_YEAR <= int(m[1]) <= self.max_year:
            return int(m[1])
        notes.append(Note(n, "year", raw, "rejected", "", "year.invalid"))
        return None

    def _mileage(self, n: int, raw: str, notes: list[Note]) -> int | None:
        if not raw:
            return None
        digits = _MILEAGE_JUNK.sub("", raw)
        if digits.isdigit() and int(digits) <= MAX_MILEAGE:
            return int(digits)
        notes.append(Note(n, "mileage", raw, "rejected", "", "mileage.invalid"))
        return None

    def _visit(self, n: int, raw: str, notes: list[Note]) -> str | None:
        if not raw:
            return None
        # The two shapes nearly every export uses, without strptime's cost.
        m = _DMY.fullmatch(raw) or _YMD.fullmatch(raw)
        if m is not None:
            day, month, year = (int(g) for g in (m["d"], m["m"], m["y"]))
            if 1 <= month <= 12 and 1 <= day <= 31 and FIRST_YEAR <= year <= self.max_year:
                with contextlib.suppress(ValueError):
                    return date(year, month, day).isoformat()
        for fmt in self.profile.date_formats:
            try:
                day = datetime.strptime(raw, fmt).date()
            except ValueError:
                continue
            if FIRST_YEAR <= day.year <= self.max_year:
                return day.isoformat()
        notes.append(Note(n, "last_visit", raw, "rejected", "", "visit.invalid"))
        return None

    def _relation(self, n: int, raw: str, notes: list[Note]) -> str:
        if not raw:
            return OWNER
        folded = " ".join(raw.split()).casefold()
        profile = self.profile
        if folded in profile.owner_values:
            return OWNER
        if folded in profile.driver_values:
            return DRIVER
        if folded in profile.former_owner_values:
            return FORMER_OWNER
        # Taken as the owner, an unknown word would invent owner changes: the person is linked
        # to the car as a non-owner, and the report lists the word for the profile to learn.
        notes.append(Note(n, "relation", raw, "cleaned", DRIVER, "relation.unknown"))
        return DRIVER


def _text(raw: str) -> str | None:
    text = " ".join(raw.split())[:MAX_TEXT]
    return text or None


def _extension(piece: str) -> str | None:
    try:
        return parse_phone(piece).extension
    except InvalidPhone:
        return None
