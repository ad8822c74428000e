"""A synthetic messy dealer export (headers of the `dealer_ru` profile), for tests and the bench.

Every kind of mess the importer cleans, in rough real-world proportions, with the same people
and cars recurring across rows (visits), owner changes and drivers. Deterministic per seed.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "Контрагент",
    "Телефон",
    "E-mail",
    "VIN",
    "Госномер",
    "Марка",
    "Модель",
    "Год выпуска",
    "Пробег",
    "Дата последнего визита",
    "Отношение к автомобилю",
]
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_PLATE_LETTERS = "АВЕКМНОРСТУХ"
_LATIN = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_CYR = str.maketrans("ABEKMHOPCTX", "АВЕКМНОРСТХ")
_SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов"]
_NAMES = ["Иван", "Пётр", "Сергей", "Алексей", "Дмитрий", "Андрей", "Михаил", "Олег"]
_MAKES = [
    ("Toyota", "Camry"),
    ("Kia", "Rio"),
    ("Hyundai", "Solaris"),
    ("Lada", "Vesta"),
    ("BMW", "X5"),
    ("Skoda", "Octavia"),
    ("Renault", "Logan"),
    ("VW", "Polo"),
]
_START = date(2015, 1, 1)
_PLACEHOLDERS = ["-", "—", "нет", "0", "00000000000000000", "отсутствует", ""]


class _Person:
    __slots__ = ("company", "name", "phone", "phone2")

    def __init__(self, rng: random.Random, i: int) -> None:
        self.phone = f"9{(i * 7919 + 1_000_000) % 1_000_000_000:09d}"
        self.phone2 = (
            f"9{(i * 104729 + 3_000_000) % 1_000_000_000:09d}" if rng.random() < 0.1 else None
        )
        self.company = rng.random() < 0.05
        if self.company:
            self.name = (
                f'ООО "{rng.choice(_SURNAMES).upper()}-{i % 97}"'
                if rng.random() < 0.6
                else f"ИП {rng.choice(_SURNAMES)} {rng.choice(_NAMES)[0]}.{rng.choice(_NAMES)[0]}."
            )
        else:
            self.name = f"{rng.choice(_SURNAMES)} {rng.choice(_NAMES)}"


class _Car:
    __slots__ = ("make", "model", "plate", "vin", "year")

    def __init__(self, rng: random.Random, i: int) -> None:
        self.vin = (
            "".join(rng.choice(_VIN_CHARS) for _ in range(17)) if rng.random() < 0.92 else None
        )
        letters = [rng.choice(_PLATE_LETTERS) for _ in range(3)]
        region = rng.choice(["77", "97", "177", "50", "750"])
        self.plate = f"{letters[0]}{100 + i % 899}{letters[1]}{letters[2]}{region}"
        self.make, self.model = rng.choice(_MAKES)
        self.year = rng.randint(1995, 2025)


def rows(count: int, seed: int = 7) -> Iterator[list[str]]:
    """`count` rows of a messy export (cells as text)."""
    rng = random.Random(seed)
    people: list[_Person] = []
    cars: list[tuple[_Car, int]] = []  # car, index of its owner
    for i in range(count):
        # Later rows are later visits, over ten years.
        visit = (_START + timedelta(days=i * 3650 // max(count, 1))).strftime("%d.%m.%Y")
        roll = rng.random()
        relation = "Владелец"
        if cars and roll < 0.22:  # a repeat visit of a known car
            car, owner = cars[rng.randrange(len(cars))]
            person = people[owner]
        elif cars and roll < 0.25:  # the car changed hands
            car, _ = cars[rng.randrange(len(cars))]
            person = _Person(rng, len(people))
            people.append(person)
            cars.append((car, len(people) - 1))
        elif cars and roll < 0.27:  # a son drives his father's car
            car, _ = cars[rng.randrange(len(cars))]
            person = _Person(rng, len(people))
            people.append(person)
            relation = "Водитель"
        else:
            if people and roll < 0.35:  # a known person with a second car
                owner = rng.randrange(len(people))
            else:
                people.append(_Person(rng, len(people)))
                owner = len(people) - 1
            person = people[owner]
            car = _Car(rng, len(cars))
            cars.append((car, owner))
        yield [
            _name(rng, person),
            _phone_cell(rng, person),
            _email(rng, i),
            _vin(rng, car.vin),
            _plate(rng, car.plate),
            car.make,
            car.model,
            str(car.year) if rng.random() > 0.01 else "20015",
            _mileage(rng),
            visit,
            relation,
        ]


def _name(rng: random.Random, p: _Person) -> str:
    r = rng.random()
    if p.company:
        return p.name
    if r < 0.2:
        return p.name.upper()
    if r < 0.25:
        return p.name.lower()
    if r < 0.33:
        return f"  {p.name.replace(' ', '   ')} "
    if r < 0.36:
        return f"{p.name} 8{p.phone}"
    if r < 0.37:
        return f"+7 {p.phone[:3]} {p.phone[3:]}"
    return p.name


def _phone_cell(rng: random.Random, p: _Person) -> str:
    n = p.phone
    r = rng.random()
    if r < 0.01:
        return f"7.{n[:5]}E+10"
    if r < 0.02:
        return n[:5]  # too short
    if r < 0.04:
        return ""
    if p.phone2 and r < 0.3:
        return f"8{n}, +7 {p.phone2[:3]} {p.phone2[3:]}"
    if r < 0.25:
        return f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
    if r < 0.45:
        return f"+7 {n[:3]} {n[3:]}"
    if r < 0.46:
        return f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]} доб. 12"
    if r < 0.6:
        return n
    return f"8{n}"


def _vin(rng: random.Random, vin: str | None) -> str:
    if vin is None:
        return rng.choice(_PLACEHOLDERS)
    r = rng.random()
    if r < 0.05:
        return f"{vin[:3]}-{vin[3:9]} {vin[9:]}"
    if r < 0.08:
        return vin.lower()
    if r < 0.11:
        return vin.translate(_CYR)
    if r < 0.13:
        return vin[:16]
    if r < 0.14:
        return vin[:10] + "O" + vin[11:]
    return vin


def _plate(rng: random.Random, plate: str) -> str:
    r = rng.random()
    if r < 0.1:
        return ""
    if r < 0.2:
        return f"{plate[0]} {plate[1:4]} {plate[4:6]} {plate[6:]}".lower()
    if r < 0.3:
        return plate.translate(_LATIN)
    if r < 0.31:
        return "123"
    return plate


def _email(rng: random.Random, i: int) -> str:
    r = rng.random()
    if r < 0.7:
        return ""
    if r < 0.72:
        return f"client{i}@mail"
    return f"Client{i}@Mail.ru "


def _mileage(rng: random.Random) -> str:
    r = rng.random()
    km = rng.randint(1000, 300000)
    if r < 0.2:
        return f"{km:,} км".replace(",", " ")
    if r < 0.21:
        return "много"
    return str(km)


def write_csv(
    path: Path, count: int, *, seed: int = 7, encoding: str = "utf-8-sig", delimiter: str = ";"
) -> Path:
    with path.open("w", encoding=encoding, newline="", errors="replace") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows(count, seed))
    return path


def write_xlsx(path: Path, count: int, *, seed: int = 7) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Клиенты")
    sheet.append(HEADER)
    for row in rows(count, seed):
        sheet.append(row)
    book.save(path)
    return path
