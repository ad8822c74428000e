"""Client names from dealer exports: phones typed into the name, spacing, ALL-CAPS.

"ИВАНОВ  ИВАН 89161234567" → name "Иванов Иван", phone +79161234567. Company forms ("ООО",
"ИП", …) stay as written; a company's own name (ООО "РОМАШКА") is a brand and is not re-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.normalize import find_phones_in_text

COMPANY_FORMS = frozenset(
    {"ООО", "ОАО", "ЗАО", "ПАО", "АО", "НАО", "ИП", "НКО", "ТОО", "ЧП", "ГУП", "МУП", "ФГУП"}
)
_PERSON_FORMS = frozenset({"ИП"})  # a person trading under their own name: the name is re-cased
_EIGHT_DIGITS = re.compile(r"\d(?:\D*\d){7}")  # fewer digits cannot be a phone
# What is left around a phone cut out of a name: "Иванов, тел.: " → "Иванов". A one-letter
# label ("м. 8916…") is lower case and not after another initial: "Савина В.М." and
# "Сидоров Т." end in initials, not in "моб."/"тел.".
_LEFTOVER = re.compile(
    r"(?:[\s,;:/\\|()\-–—+]|\b(?:тел|моб|сот|tel|phone)\b\.?"
    r"|(?<![^\W\d_]\.)\b(?-i:т|м)\b\.?)+$",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^[\s,;:/\\|()\-–—+.]+")
_PARTS = re.compile(r"([.\-'’])")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class NameResult:
    name: str | None
    phones: tuple[str, ...] = ()
    case_fixed: bool = False
    spacing_fixed: bool = False


# "Иванов Иван Иванович" as most rows have it: nothing to fix, skip the word-by-word work.
_WELL_FORMED = re.compile(r"[А-ЯЁA-Z][а-яёa-z]+(?: [А-ЯЁA-Z][а-яёa-z]+){0,3}")


def clean_client_name(raw: str, max_length: int = 200) -> NameResult:
    if len(raw) <= max_length and _WELL_FORMED.fullmatch(raw):
        return NameResult(raw)
    collapsed = " ".join(raw.split())
    if not collapsed:
        return NameResult(None)
    text = collapsed
    phones: tuple[str, ...] = ()
    if _EIGHT_DIGITS.search(text):
        found = find_phones_in_text(text)
        if found:
            phones = tuple(e164 for _, e164 in found)
            for (start, end), _ in reversed(found):
                text = f"{_LEFTOVER.sub('', text[:start])} {text[end:]}"
            text = _LEADING.sub("", " ".join(text.split()))
            text = _LEFTOVER.sub("", text)
    if not _LETTER.search(text):
        return NameResult(None, phones)
    words = text.split()
    fixed = words if _is_company(words) else [_recase(w) for w in words]
    name = " ".join(fixed)[:max_length]
    return NameResult(
        name,
        phones,
        case_fixed=fixed != words,
        spacing_fixed=not phones and collapsed != raw,
    )


def _is_company(words: list[str]) -> bool:
    forms = [w.strip("\"«»'.,").upper() for w in words]
    return any(f in COMPANY_FORMS and f not in _PERSON_FORMS for f in forms)


def _recase(word: str) -> str:
    if word.strip("\"«»'.,").upper() in COMPANY_FORMS:
        return word
    letters = [c for c in word if c.isalpha()]
    if not letters or not (word.isupper() or word.islower()):
        return word  # mixed case ("МакДональд", "deMarco") is deliberate
    return "".join(p[:1].upper() + p[1:].lower() for p in _PARTS.split(word))
