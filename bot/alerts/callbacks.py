"""Callback data of the delivery-control answers."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks.fields import DbId


class DeliveryAction(StrEnum):
    ON_TIME = "ok"
    NEW_DATE = "date"
    CANCEL = "cancel"  # at the vendor


class DeliveryCallback(CallbackData, prefix="dl"):
    action: DeliveryAction
    part_id: DbId
