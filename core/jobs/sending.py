"""Starting a job: its row joins the caller's transaction, its message leaves when that
transaction commits, so the worker always finds the row and a request that rolls back starts
nothing. With JOBS_EAGER (on under TESTING) the job runs there and then, right after the
commit, in an application context (so a database session) of its own."""
import json
from typing import Any

from flask import current_app
from sqlalchemy import event

from core.jobs.models import Job
from core.jobs.runner import KINDS, JobKind, send
from extensions import db

_PENDING = "jobs.pending"  # session.info: jobs to send once the transaction commits


def enqueue(kind: JobKind | str, /, *, user: Any = None, total: int | None = None,
            **arguments) -> Job:
    """Add a job to the current transaction (its row, flushed, is returned); its message is
    sent when the transaction commits. `user` is who started it (a user or an id)."""
    name = kind.name if isinstance(kind, JobKind) else KINDS[kind].name
    json.dumps(arguments)  # refused here, not in the worker: arguments travel as JSON
    row = Job(kind=name, user_id=getattr(user, "id", user), arguments=arguments,
              state="queued", progress_done=0, progress_total=total, attempts=0)
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((current_app._get_current_object(), name,
                                                     row.id))
    return row


def _send_after_commit(session) -> None:
    # SQLAlchemy also calls after_commit when a savepoint is released (begin_nested): the
    # transaction that holds the job rows has not committed then; wait for the outermost.
    if session.in_nested_transaction():
        return
    for app, name, job_id in session.info.pop(_PENDING, ()):
        send(app, name, job_id)


def _forget_after_rollback(session, previous_transaction) -> None:
    # Only the outermost transaction: a savepoint rolled back leaves the jobs enqueued before it
    # (one enqueued inside it is sent, finds no row and is dropped: see runner.claim).
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


event.listen(db.session, "after_commit", _send_after_commit)
event.listen(db.session, "after_soft_rollback", _forget_after_rollback)
