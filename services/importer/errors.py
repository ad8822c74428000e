"""Why an import could not run at all (bad file, unknown profile); row problems go to the report."""

from __future__ import annotations


class ImportFailure(Exception):
    """`reason` names a message in `services.importer.messages`; `params` fill it in."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params
