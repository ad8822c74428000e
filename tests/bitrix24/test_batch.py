"""The batch builder and the parsed batch answer."""

from __future__ import annotations

import pytest

from services.crm.bitrix24.batch import Batch, BatchFull, BatchResult, Ref
from services.crm.bitrix24.errors import AccessDenied, NotExecuted, NotFound


def test_builder_renders_commands_with_references() -> None:
    batch = Batch(halt=True)
    deal = batch.add(
        "crm.deal.add", {"fields": {"TITLE": "Oil change & filters", "CATEGORY_ID": 3}}, key="deal"
    )
    batch.add("crm.deal.contact.add", {"id": deal, "fields": {"CONTACT_ID": 57}}, key="bind")
    rows = batch.add("crm.deal.productrows.get", {"id": deal})
    assert rows.key == "c2"
    assert batch.payload() == {
        "halt": 1,
        "cmd": {
            "deal": "crm.deal.add?fields[TITLE]=Oil%20change%20%26%20filters&fields[CATEGORY_ID]=3",
            "bind": "crm.deal.contact.add?id=$result[deal]&fields[CONTACT_ID]=57",
            "c2": "crm.deal.productrows.get?id=$result[deal]",
        },
    }


def test_builder_refuses_what_the_portal_would_refuse() -> None:
    batch = Batch()
    with pytest.raises(ValueError, match="not an earlier command"):
        batch.add("crm.deal.get", {"id": Ref("later")["ID"]})
    with pytest.raises(ValueError):
        batch.add("batch", {})
    with pytest.raises(ValueError):
        batch.add("crm.deal.get", key="0")
    batch.add("crm.deal.get", key="a")
    with pytest.raises(ValueError, match="duplicate"):
        batch.add("crm.deal.get", key="a")
    while not batch.full:
        batch.add("crm.deal.get", {"id": 1})
    assert len(batch) == 50
    with pytest.raises(BatchFull):
        batch.add("crm.deal.get", {"id": 1})


def test_answer_with_errors_halt_and_php_empty_maps() -> None:
    batch = Batch(halt=True)
    batch.add("crm.deal.add", {"fields": {"TITLE": "x"}}, key="deal")
    batch.add("crm.deal.contact.add", {"id": 1}, key="bind")
    batch.add("crm.deal.get", {"id": 1}, key="after")
    result = BatchResult.parse(
        batch,
        {
            "result": {"deal": 812},
            "result_error": {"bind": {"error": "insufficient_scope", "error_description": "no"}},
            "result_total": [],
            "result_next": [],
            "result_time": {"deal": {"start": 1.0, "finish": 1.3, "operating_reset_at": 99}},
        },
    )
    assert result["deal"] == 812
    assert not result.ok
    with pytest.raises(AccessDenied) as info:
        result["bind"]
    assert info.value.description == "no"
    assert info.value.method == "crm.deal.contact.add"
    with pytest.raises(NotExecuted):
        result["after"]
    assert not result.executed("after")
    assert result.times["deal"]["operating_reset_at"] == 99


def test_old_crm_not_found_inside_batch() -> None:
    batch = Batch()
    ref = batch.add("crm.deal.get", {"id": 5})
    result = BatchResult.parse(
        batch,
        {"result": [], "result_error": {"c0": {"error": "", "error_description": "Not found"}}},
    )
    with pytest.raises(NotFound):
        result[ref]
