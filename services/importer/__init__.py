"""Importing a dealer database export (CSV/XLSX) into clients and cars: `stobot import`.

No aiogram here. `run_import` streams the file, cleans each row (`clean`, `names`), folds
duplicates into people and cars (`aggregate`), matches them with what is stored and writes the
difference set-based (`people`, `cars`, `bulk`), with a CSV report of every change (`report`).
"""

from services.importer.errors import ImportFailure
from services.importer.profile import Profile, load_profile, shipped_profiles
from services.importer.run import ImportOptions, ImportSummary, run_import

__all__ = [
    "ImportFailure",
    "ImportOptions",
    "ImportSummary",
    "Profile",
    "load_profile",
    "run_import",
    "shipped_profiles",
]
