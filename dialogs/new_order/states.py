"""Where the master is in the new-order dialog."""

from aiogram.fsm.state import State, StatesGroup


class NewOrderSG(StatesGroup):
    phone = State()  # step 1
    client_found = State()  # step 2: the number is known — confirm, or pick his car at once
    client_name = State()  # step 2: a new client — his name
    car = State()  # step 3: VIN or plate
    car_whose = State()  # step 3: the car is someone else's — owner changed or a driver?
    car_driver = State()  # step 3: who the driver is to the owner («сын»)
    car_model = State()  # step 3: make and model of a new car
    complaint = State()  # step 4
    parts = State()  # step 5
    part_edit = State()  # step 5: the replacement line for one part
    media = State()  # step 6
    summary = State()  # step 7
    closed = State()  # the last screen: saved or cancelled, no buttons


STEPS = 7
