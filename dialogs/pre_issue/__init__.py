"""The master checks every part and work before handing the car over (PRE_ISSUE_CHECK)."""

from dialogs.pre_issue.handlers import setup

__all__ = ["setup"]
