"""Import profiles: which columns of a dealer's export hold which of our fields (TOML).

Two profiles ship with the package (`profiles/*.toml`); any other is given by path.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from services.importer.errors import ImportFailure

PROFILES_DIR = Path(__file__).parent / "profiles"
FIELDS = (
    "name",
    "phones",
    "email",
    "vin",
    "plate",
    "make",
    "model",
    "year",
    "mileage",
    "last_visit",
    "relation",
)
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


@dataclass(frozen=True)
class Profile:
    name: str
    columns: dict[str, tuple[str, ...]]
    owner_values: frozenset[str] = frozenset()
    driver_values: frozenset[str] = frozenset()
    former_owner_values: frozenset[str] = frozenset()
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def locate(self, header: list[str]) -> dict[str, list[int]]:
        """Field → column indexes in `header` (several for phones, at most one otherwise)."""
        folded = [_fold(h) for h in header]
        found: dict[str, list[int]] = {}
        for name, candidates in self.columns.items():
            indexes = [folded.index(c) for c in map(_fold, candidates) if c in folded]
            if indexes:
                found[name] = sorted(set(indexes)) if name == "phones" else indexes[:1]
        return found

    def unused_columns(self, header: list[str], layout: dict[str, list[int]]) -> list[str]:
        """Named columns of `header` no field knows: a mapping gap is never silent."""
        taken = {i for indexes in layout.values() for i in indexes}
        known = {i for i, _, _ in self._seconds(header, layout)}
        return [
            h.strip()
            for i, h in enumerate(header)
            if i not in taken and i not in known and h.strip()
        ]

    def second_columns(
        self, header: list[str], layout: dict[str, list[int]]
    ) -> list[tuple[str, str, str]]:
        """(column, field, column taken): a column a field knows that lost to an earlier match
        («Дата» beside «Дата последнего визита»); known, so not called unknown."""
        return [(header[i].strip(), f, taken) for i, f, taken in self._seconds(header, layout)]

    def _seconds(
        self, header: list[str], layout: dict[str, list[int]]
    ) -> list[tuple[int, str, str]]:
        folded = [_fold(h) for h in header]
        taken = {i for indexes in layout.values() for i in indexes}
        out = []
        for i, column in enumerate(folded):
            for name, candidates in self.columns.items():
                indexes = layout.get(name, [])
                if column and i not in taken and column in map(_fold, candidates):
                    out.append((i, name, header[indexes[0]].strip()))
                    break
        return out


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def load_profile(name_or_path: str | None) -> Profile:
    """A shipped profile by name ("default", "dealer_ru") or a TOML file by path."""
    name = name_or_path or "default"
    path = Path(name)
    if not path.suffix:
        path = PROFILES_DIR / f"{name}.toml"
    if not path.is_file():
        raise ImportFailure("profile_not_found", name=name, known=", ".join(shipped_profiles()))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailure("profile_invalid", name=name, detail=str(exc)) from None
    return parse_profile(data, default_name=path.stem)


def parse_profile(data: dict[str, object], default_name: str = "custom") -> Profile:
    columns_raw = data.get("columns")
    if not isinstance(columns_raw, dict) or not columns_raw:
        raise ImportFailure("profile_invalid", name=default_name, detail="no [columns]")
    columns: dict[str, tuple[str, ...]] = {}
    for key, value in columns_raw.items():
        if key not in FIELDS:
            raise ImportFailure("profile_invalid", name=default_name, detail=f"unknown {key!r}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ImportFailure("profile_invalid", name=default_name, detail=f"bad {key!r}")
        columns[key] = tuple(values)
    meta = _table(data, "profile")
    relation = _table(data, "relation")
    dates = _table(data, "dates")
    file = _table(data, "file")
    return Profile(
        name=str(meta.get("name", default_name)),
        description=str(meta.get("description", "")),
        columns=columns,
        owner_values=frozenset(_fold(v) for v in _strings(relation.get("owner"))),
        driver_values=frozenset(_fold(v) for v in _strings(relation.get("driver"))),
        former_owner_values=frozenset(_fold(v) for v in _strings(relation.get("former_owner"))),
        date_formats=tuple(_strings(dates.get("formats"))) or DEFAULT_DATE_FORMATS,
        delimiter=_opt(file.get("delimiter")),
        encoding=_opt(file.get("encoding")),
        sheet=_opt(file.get("sheet")),
    )


def _table(data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key, {})
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _fold(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()
