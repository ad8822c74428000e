"""Every cleaning and merging rule the importer applies: a stable id and why, in one place.

The id is what the summary counts and the report's `rule` column shows; `LISTED` rules also
put a line per row into the report (a reformatted phone or plate is counted, not listed: on a
500,000-row export that would be most of the file).
"""

from __future__ import annotations

WHY: dict[str, str] = {
    "vin.cleaned": "separators, spaces or lower case removed from the VIN",
    "vin.cyrillic": "Cyrillic look-alike letters in the VIN turned into Latin",
    "vin.placeholder": "placeholder instead of a VIN (no VIN)",
    "vin.length": "VIN is not 17 characters: VIN dropped, the row still imports",
    "vin.letters_ioq": "VIN has I, O or Q, never used in VINs: VIN dropped",
    "vin.chars": "VIN has characters other than letters and digits: VIN dropped",
    "phone.split": "several phone numbers in one cell",
    "phone.extension": "extension not kept (stored numbers have none)",
    "phone.excel": "number mangled by Excel into scientific notation, digits lost",
    "phone.too_short": "phone number too short",
    "phone.too_long": "phone number too long",
    "phone.letters": "phone number has letters",
    "phone.country": "unknown country code",
    "phone.invalid": "not a valid phone number",
    "phone.empty": "empty phone",
    "name.phone_moved": "phone number found in the name, moved to the phones",
    "name.only_phone": "the name was only a phone number: client kept without a name",
    "name.case": "capitalisation of the name fixed",
    "name.spacing": "spacing of the name fixed",
    "plate.normalised": "plate normalised (look-alike letters, spaces, region)",
    "plate.invalid": "not a Russian registration plate: plate dropped",
    "email.invalid": "not an e-mail address: dropped",
    "year.invalid": "not a plausible model year: dropped",
    "mileage.invalid": "not a mileage: dropped",
    "visit.invalid": "date not understood: dropped",
    "relation.unknown": "relation to the car not understood: linked to it, not as its owner",
    "row.empty": "neither a client (name or phone) nor a car (VIN or plate): row skipped",
    "row.truncated": "the file's last row has fewer cells than the header (the file is cut off): "
    "row skipped",
    "merge.client": "same person as an earlier row (by phone): one client",
    "merge.car": "same car as an earlier row (by VIN or plate): one car",
    "client.created": "new client",
    "client.phone_added": "new phone added to the client's history",
    "client.phone_taken": "another client uses this number now: not moved",
    "client.name_updated": "client's name changed in the newer export",
    "client.email_updated": "client's e-mail changed in the newer export",
    "car.created": "new car",
    "car.updated": "car's plate, make, model or year changed in the newer export",
    "car.owner_changed": "newer owner in the export: owner change recorded",
    "car.owner_kept": "the owner in the database is more recent than the export's",
    "car.former_owner": "earlier owner in the export: kept as the car's history",
    "car.driver_added": "driver of the car (the export says so)",
}

# Counted, not listed row by row.
COUNT_ONLY = frozenset({"plate.normalised", "name.spacing", "client.created", "car.created"})
