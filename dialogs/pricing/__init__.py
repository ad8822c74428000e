"""The supplier prices an order's parts, one part at a time (ux.md "Supplier pricing"): a kind
of work on the parts walk (dialogs/parts_walk), in kind.py.

Each part is saved as soon as it is complete, so stopping half way loses nothing; pricing the
last part moves the order on (the service does it) and the head gets his task.
"""
