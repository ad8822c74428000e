"""The head prices the labour of an order (LABOUR_PRICING): works, approval or a move back."""

from dialogs.labour.handlers import setup

__all__ = ["setup"]
