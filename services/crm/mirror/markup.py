"""User text on the portal stays text: Bitrix24 renders BB-codes ([url=…], [b], [img]) in
timeline comments and the deal's comments, and HTML where a field allows it. A zero-width space
after every "[" and "<" keeps what people read the same and leaves no tag to render; removing
the zero-width spaces gives back the text exactly."""

from __future__ import annotations

ZERO_WIDTH_SPACE = "\u200b"


def neutralise(text: str) -> str:
    return text.replace("[", "[" + ZERO_WIDTH_SPACE).replace("<", "<" + ZERO_WIDTH_SPACE)
