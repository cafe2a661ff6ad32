"""Sending the outbox's e-mails (accounts.notices): one job per e-mail, after the change that
queued it has committed, through Flask-Mailman's SMTP backend (the console when MAIL_SERVER is
unset, memory under TESTING).

An e-mail is marked sent in the same job right after the server accepted it. A crash between
that acceptance and the commit of the mark leaves it unsent, so it goes once more: the only way
a message arrives twice (docs/notifications.md). A server that is down or refuses: the row
keeps its error and is tried again after MAIL_RETRY_MINUTES, doubling, up to MAIL_MAX_ATTEMPTS,
by the job worker's periodic sweep or `flask accounts mail-retry` from cron.
"""
import logging
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from flask_mailman import EmailMessage
from sqlalchemy import select

from accounts.models import MailOutbox
from accounts.notices import MAIL_JOB
from core import jobs
from core.clock import utcnow
from extensions import db, mail

logger = logging.getLogger(__name__)


def connection():
    """A connection from the settings as they are now (tests point MAIL_PORT at their own
    server after the application started)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return mail.get_connection("locmem" if current_app.testing else "console")
    return mail.get_connection(
        "smtp", host=config["MAIL_SERVER"], port=int(config.get("MAIL_PORT") or 25),
        username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
        use_tls=bool(config.get("MAIL_USE_TLS")), timeout=config.get("MAIL_TIMEOUT") or 20)


def deliver(row: MailOutbox) -> bool:
    """Hand one e-mail to the server; True once it accepted it (the row is then marked)."""
    message = EmailMessage(subject=row.subject, body=row.body, to=[row.recipient],
                           from_email=current_app.config["MAIL_DEFAULT_SENDER"],
                           connection=connection())
    row.attempts += 1
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any refusal or outage: try again later
        config = current_app.config
        row.last_error = f"{type(error).__name__}: {error}"[:1000]
        if row.attempts < config["MAIL_MAX_ATTEMPTS"]:
            wait = config["MAIL_RETRY_MINUTES"] * 2 ** (row.attempts - 1)
            row.next_attempt_at = utcnow() + timedelta(minutes=wait)
        else:
            row.next_attempt_at = None  # given up: shown to administrators, no more tries
        logger.warning("E-mail %s to %s not sent (attempt %s): %s", row.id, row.recipient,
                       row.attempts, row.last_error)
        db.session.flush()
        return False
    row.sent_at, row.next_attempt_at, row.last_error = utcnow(), None, None
    db.session.flush()
    return True


@jobs.job(MAIL_JOB, label=_l("Gửi thư điện tử"))
def send_one(run: jobs.JobRun, mail_id: int) -> dict:
    """Send outbox row `mail_id` unless it went already."""
    row = db.session.get(MailOutbox, mail_id, with_for_update=True)
    if row is None or row.sent_at is not None:
        return {"message": _("Thư đã được gửi trước đó.")}
    sent = deliver(row)
    return {"message": _("Đã gửi thư.") if sent
            else _("Máy chủ thư chưa nhận thư; sẽ gửi lại sau."),
            "sent": sent}


@jobs.periodic
def retry_due() -> list[int]:
    """Queue again every unsent e-mail whose next attempt is due; their ids."""
    due = list(db.session.scalars(
        select(MailOutbox.id).where(MailOutbox.sent_at.is_(None),
                                    MailOutbox.next_attempt_at.is_not(None),
                                    MailOutbox.next_attempt_at <= utcnow())
        .order_by(MailOutbox.id).limit(500)))
    for mail_id in due:
        # Its job sets the next attempt again if this one fails too.
        db.session.get(MailOutbox, mail_id).next_attempt_at = None
        jobs.enqueue(MAIL_JOB, mail_id=mail_id)
    return due
