"""The storekeeper confirms what arrived (AWAITING_DELIVERY), part by part, partial too."""

from dialogs.receiving.handlers import setup

__all__ = ["setup"]
