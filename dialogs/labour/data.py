"""The labour dialog's data: one typed object in `dialog_data`."""

from __future__ import annotations

from dialogs.kit.stage import StageData


class Labour(StageData):
    """The works themselves are saved at once: the order, its stage, the note and the pinned
    send-back are all the dialog keeps."""
