"""PHP-style query encoding of batch sub-commands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest

from services.crm.bitrix24.batch import Ref
from services.crm.bitrix24.encoding import php_query


def test_nested_maps_and_lists_use_bracket_keys() -> None:
    query = php_query(
        {
            "fields": {
                "TITLE": "My company",
                "PHONE": [{"VALUE": "112233", "VALUE_TYPE": "WORK"}],
            }
        }
    )
    assert query == (
        "fields[TITLE]=My%20company&fields[PHONE][0][VALUE]=112233"
        "&fields[PHONE][0][VALUE_TYPE]=WORK"
    )


def test_reserved_characters_in_values_are_percent_encoded() -> None:
    query = php_query({"fields": {"TITLE": "A&B?c=d%e[f]#g+h", "COMMENTS": "Привет"}})
    # What the portal's parse_str gets back must be exactly the original text.
    decoded = dict(parse_qsl(query))
    assert decoded["fields[TITLE]"] == "A&B?c=d%e[f]#g+h"
    assert decoded["fields[COMMENTS]"] == "Привет"
    assert "&" not in query.split("&")[0].split("=", 1)[1]


def test_scalars_become_strings_like_the_portal_expects() -> None:
    query = php_query(
        {
            "a": True,
            "b": False,
            "c": 3,
            "d": 2.5,
            "e": Decimal("8400.00"),
            "f": dt.date(2026, 2, 1),
            "g": 1e-7,
        }
    )
    assert query == "a=Y&b=N&c=3&d=2.5&e=8400.00&f=2026-02-01&g=0.0000001"


def test_none_and_empty_containers_are_left_out_like_http_build_query() -> None:
    assert php_query({"a": None, "b": [], "c": {}, "d": ""}) == "d="


def test_references_stay_literal_for_the_portal_to_substitute() -> None:
    deal = Ref("deal")
    assert php_query({"id": deal, "x": deal[0]["ID"]}) == "id=$result[deal]&x=$result[deal][0][ID]"


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        php_query({"a": object()})
