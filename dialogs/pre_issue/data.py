"""The pre-issue check's data: one typed object in `dialog_data`."""

from __future__ import annotations

from pydantic import Field

from dialogs.kit.stage import StageData


class Check(StageData):
    ticked: list[str] = Field(default_factory=list)  # item keys (render.Item.key) ticked
