from tests.fake_bitrix24.params import build_pairs, build_query, parse_query


def test_parse_php_brackets() -> None:
    data = parse_query(
        "fields[TITLE]=My%20company&fields[PHONE][0][VALUE]=112233"
        "&fields[PHONE][0][VALUE_TYPE]=WORK&select[]=ID&select[]=NAME&order[ID]=ASC"
    )
    assert data == {
        "fields": {"TITLE": "My company", "PHONE": [{"VALUE": "112233", "VALUE_TYPE": "WORK"}]},
        "select": ["ID", "NAME"],
        "order": {"ID": "ASC"},
    }


def test_encoded_values_and_indexed_lists() -> None:
    data = parse_query("fields[TITLE]=A%26B&select[0]=ID&select[1]=TITLE&x=%5B%5D")
    assert data == {"fields": {"TITLE": "A&B"}, "select": ["ID", "TITLE"], "x": "[]"}


def test_build_is_http_build_query() -> None:
    payload = {
        "event": "ONCRMDEALUPDATE",
        "data": {"FIELDS": {"ID": 812}},
        "flag": True,
        "skip": None,
        "rows": [{"PRICE": 1.5}],
    }
    assert build_pairs(payload) == [
        ("event", "ONCRMDEALUPDATE"),
        ("data[FIELDS][ID]", "812"),
        ("flag", "1"),
        ("rows[0][PRICE]", "1.5"),
    ]
    wire = build_query(payload)
    assert "data%5BFIELDS%5D%5BID%5D=812" in wire
    assert parse_query(wire) == {
        "event": "ONCRMDEALUPDATE",
        "data": {"FIELDS": {"ID": "812"}},
        "flag": "1",
        "rows": [{"PRICE": "1.5"}],
    }
