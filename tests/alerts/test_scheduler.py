"""The scheduler holds one job per alert kind, with a stable id, taking only its name."""

from __future__ import annotations

from bot.alerts.scheduler import run_job, start_scheduler
from services.orders import Stage


async def test_jobs_have_stable_ids_and_take_names(shop, clock, make_jobs):
    jobs, _ = make_jobs()
    scheduler = start_scheduler(jobs, every_seconds=60)
    try:
        found = {job.id: job.kwargs for job in scheduler.get_jobs()}
        assert found == {
            "alerts-overdue": {"name": "overdue"},
            "alerts-delivery": {"name": "delivery"},
            "alerts-reminders": {"name": "reminders"},
            "alerts-digest": {"name": "digest"},
        }
        await shop.order_at(Stage.PARTS_PRICING)
        clock.advance(hours=25)
        await run_job("overdue")
        assert await jobs.run("overdue") == 0  # done by the scheduled job already
    finally:
        scheduler.shutdown(wait=False)
