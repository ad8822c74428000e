"""Field-name conversions: UPPER_SNAKE <-> camelCase and crm.item's UF name rules (§9)."""

from __future__ import annotations

import re


def snake_to_camel(name: str) -> str:
    parts = name.lower().split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def camel_to_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()


def uf_to_camel(name: str) -> str:
    """UF_CRM_16_VIN -> ufCrm16Vin; UF_CRM_16_1747309727 -> ufCrm16_1747309727;
    mixed letters+digits or no type number -> simplified ufCrm_16_PLATE2 / ufCrm_1721244707107.
    """
    rest = name[len("UF_CRM_") :] if name.upper().startswith("UF_CRM_") else name[3:]
    parts = rest.split("_")
    if parts and parts[0].isdigit() and len(parts) > 1:
        type_no, tail = parts[0], parts[1:]
        if all(p.isalpha() for p in tail):
            return f"ufCrm{type_no}" + "".join(p.capitalize() for p in tail)
        if len(tail) == 1 and tail[0].isdigit():
            return f"ufCrm{type_no}_{tail[0]}"
        return f"ufCrm_{rest}"
    if all(p.isalpha() for p in parts):
        return "ufCrm" + "".join(p.capitalize() for p in parts)
    return f"ufCrm_{rest}"


def uf_name_map(uf_names: list[str]) -> dict[str, str]:
    """Original -> camel; on a collision both keep their original name (§9)."""
    camel = {n: uf_to_camel(n) for n in uf_names}
    seen: dict[str, int] = {}
    for c in camel.values():
        seen[c] = seen.get(c, 0) + 1
    return {n: (c if seen[c] == 1 else n) for n, c in camel.items()}
