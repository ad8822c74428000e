"""Callback data of the delivery-control answers."""

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import DbId


class DeliveryCallback(CallbackData, prefix="dl"):
    """ok (arrives on time) · date (a new date) · cancel (cancel at the vendor)"""

    action: str
    part_id: DbId
