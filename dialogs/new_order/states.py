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


STEPS = 7
STEP_OF: dict[str | None, int] = {
    NewOrderSG.phone.state: 1,
    NewOrderSG.client_found.state: 2,
    NewOrderSG.client_name.state: 2,
    NewOrderSG.car.state: 3,
    NewOrderSG.car_whose.state: 3,
    NewOrderSG.car_driver.state: 3,
    NewOrderSG.car_model.state: 3,
    NewOrderSG.complaint.state: 4,
    NewOrderSG.parts.state: 5,
    NewOrderSG.part_edit.state: 5,
    NewOrderSG.media.state: 6,
    NewOrderSG.summary.state: 7,
}
