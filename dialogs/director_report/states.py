from aiogram.fsm.state import State, StatesGroup


class ReportSG(StatesGroup):
    pick = State()  # today, this week, this month, or typed dates
    dates = State()  # the dates typed
    report = State()  # the summary under the charts, with the XLSX and CSV exports
