"""A job's row: what the status page reads, and the lease that makes a job run again when the
worker running it died.

The row, not the broker, is the record of a job. Celery delivers a message naming the row;
the worker claims the row (a compare-and-set) before it runs the job, and the job's work and
its "done" are committed together. The lease is ours, not the broker's: kombu's SQLAlchemy
transport marks a message delivered (visible = false) when a worker takes it and acknowledges
only in the worker's memory, so a worker killed with SIGKILL loses the message for good. A
row still "running" after its worker died is given back by the sweep (core.jobs.worker).
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.sql import in_list
from extensions import db

STATES = {
    "queued": _l("Đang chờ xử lý"),
    "running": _l("Đang xử lý"),
    "done": _l("Đã xong"),
    "failed": _l("Không thành công"),
}
FINISHED = ("done", "failed")


class Job(db.Model):
    """One piece of long work: its kind, who started it, its state, progress and result."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(in_list("state", STATES), name="state"),
        Index("ix_jobs_state_lease_until", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))  # the name the job was declared with
    # A plain id, no foreign key: core knows no users (docs/architecture.md), and a job started
    # from the terminal has none. Only the status page reads it (accounts.jobs).
    user_id: Mapped[int | None] = mapped_column(index=True)
    arguments: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int | None]
    message: Mapped[str | None] = mapped_column(Text)  # for people, in the run's language
    error: Mapped[str | None] = mapped_column(Text)  # the exception, for administrators
    result: Mapped[dict | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(200))  # "<node>#<run>:<pid>" holding it
    lease_until: Mapped[datetime | None]  # real UTC time, not THUE_TODAY's
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state}>"
