"""The storekeeper confirms what arrived (AWAITING_DELIVERY), part by part, partial too: a kind
of work on the parts walk (dialogs/parts_walk)."""
