"""The prefixes of the director's own hand-built buttons (his screens themselves are
aiogram-dialogs, whose buttons handlers/director/guard.py checks by the dialog they belong to)."""

# The director's alone: the invite, sync and reassign buttons.
DIRECTOR_PREFIXES = ("inv:", "sy:", "ra:", "t:reassign:")
