"""APScheduler wiring: one interval job per alert kind, with stable ids; the jobs take only
their name and open their own sessions, so they are safe in several processes at once."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.alerts.jobs import JOB_NAMES, AlertJobs

# The process's jobs object; the scheduler stores only names, never objects.
_JOBS: dict[str, AlertJobs] = {}


async def run_job(name: str) -> None:
    await _JOBS["alerts"].run(name)


def start_scheduler(jobs: AlertJobs, every_seconds: int) -> AsyncIOScheduler:
    _JOBS["alerts"] = jobs
    scheduler = AsyncIOScheduler(timezone=jobs.hours.tz)
    for name in JOB_NAMES:
        scheduler.add_job(
            run_job,
            "interval",
            seconds=every_seconds,
            id=f"alerts-{name}",
            kwargs={"name": name},
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
    scheduler.start()
    return scheduler
