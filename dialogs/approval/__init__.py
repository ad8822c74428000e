"""The master records the client's answer (CLIENT_APPROVAL): an appointment, or a refusal."""

from dialogs.approval.handlers import setup

__all__ = ["setup"]
