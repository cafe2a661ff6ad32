"""Notices in the application and the e-mails that go with them: flush, never commit.

Every domain tells people about its events through `notify` (a contract sent for legal review,
a plan returned, a certificate expiring): one notice per user and event, and one row in the
e-mail outbox per event and recipient, which a job sends once the change has committed
(accounts.mail). An event is named by its `key` ("contract:9:submit:41"): the same key twice
(a retried request, a cron run twice in a day) adds nothing.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from accounts.audit import record_event
from accounts.models import MailOutbox, Notice, Organisation, User
from core.clock import utcnow
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, text_in
from core.jobs import enqueue
from extensions import db

MAIL_JOB = "accounts.send_mail"
AUTOMATIC = _l("Thư này do hệ thống Thuê DV CNTT gửi tự động; vui lòng không trả lời.")


@dataclass(frozen=True)
class NoticeKind:
    """A kind of notice users may choose to receive by e-mail or not, with its label."""

    name: str
    label: str  # a lazy string: each page shows it in its own language
    roles: tuple[str, ...]  # whose preferences page offers it


KINDS: dict[str, NoticeKind] = {}


def register_kind(name: str, label: str, *roles: str) -> NoticeKind:
    """Declare a kind of notice (each domain declares its own, at import)."""
    KINDS[name] = NoticeKind(name, label, roles)
    return KINDS[name]


def kinds_for(user: User) -> list[NoticeKind]:
    """The kinds of notice this user's role can receive, for the preferences page."""
    return [kind for kind in KINDS.values() if not kind.roles or user.role in kind.roles]


def public_url() -> str:
    """Where people reach the application: PUBLIC_URL, else SERVER_NAME, else `make run`'s."""
    config = current_app.config
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    return "http://localhost:5000"


def absolute(link: str) -> str:
    """`link` (a path) as the address people open from an e-mail: the request's host, else
    public_url() (the cron commands run outside any request)."""
    if link.startswith(("http://", "https://")):
        return link
    base = request.host_url if has_request_context() else public_url()
    return base.rstrip("/") + "/" + link.lstrip("/")


def own_path(link: str) -> str:
    """A link of ours as a path: url_for answers a whole URL outside a request (cron, tests),
    and a notice keeps only the path, which the notices page follows (never another site)."""
    parts = urlsplit(link)
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def outside_requests():
    """A request context on public_url(), for the cron commands' links (url_for). It stands
    for the command, which writes: a POST, as far as core.transaction's guard of GETs goes."""
    return current_app.test_request_context(base_url=public_url(), method="POST")


def recipients(*roles: str, organisation_id: int | None = None,
               operator: bool = False) -> list[User]:
    """Active users with one of the roles, of the organisation (and, with `operator`, those of
    the operator's organisations too)."""
    query = select(User).where(User.active.is_(True), User.role.in_(roles))
    if organisation_id is not None:
        condition = User.organisation_id == organisation_id
        if operator:
            condition = or_(condition, User.organisation_id.in_(
                select(Organisation.id).where(Organisation.kind == "operator")))
        query = query.where(condition)
    return list(db.session.scalars(query.order_by(User.id)))


def notify(users: Iterable[User], kind: str, title, body, link: str, *,
           key: str) -> list[Notice]:
    """Tell each user (once per `key`): a notice in the application and, unless the user
    turned this kind off, an e-mail sent after the transaction commits. Returns the notices
    added (none for a key already told). `title` and `body` are lazy strings (or plain text),
    written for each user in that user's language."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    link = own_path(link)
    seen, added = set(), []
    for user in users:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        exists = db.session.scalar(select(Notice.id).where(Notice.user_id == user.id,
                                                           Notice.key == key))
        if exists is not None:
            continue
        language = user_language(user)
        title_text, body_text = text_in(language, title)[:255], text_in(language, body)
        notice = Notice(user_id=user.id, kind=kind, key=key, title=title_text, body=body_text,
                        link=link)
        db.session.add(notice)
        added.append(notice)
        if kind not in (user.mail_off or []):
            with force_locale(language):
                greeting = _("Kính gửi %(name)s,", name=user.name)
                see = _("Xem tại: %(link)s", link=absolute(link))
            text = "\n\n".join((greeting, body_text, see))
            send_mail(user.email, title_text, text, key=key, kind=kind, user=user)
    db.session.flush()
    return added


def user_language(user: User | None) -> str:
    """The language a person's notices and e-mails are written in."""
    language = user.language if user is not None else None
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def send_mail(recipient: str, subject, body, *, key: str, kind: str,
              user: User | None = None, language: str | None = None) -> MailOutbox | None:
    """Queue one e-mail (once per key and recipient): its job sends it after the commit.
    Returns the outbox row, or None when this key already went to this recipient. Subject
    and body (lazy strings or text) are written in `language`, else the user's, else
    Vietnamese."""
    recipient = recipient.strip().lower()
    if db.session.scalar(select(MailOutbox.id).where(MailOutbox.key == key,
                                                     MailOutbox.recipient == recipient)):
        return None
    language = language or user_language(user)
    subject, body = text_in(language, subject)[:255], text_in(language, body)
    with force_locale(language):
        footer = [str(AUTOMATIC)]
        if user is not None and kind in KINDS:  # a kind the user may turn off: say where
            footer.append(_("Bạn có thể chọn loại thư nhận được tại trang “Tùy chọn thông "
                            "báo”: %(preferences)s",
                            preferences=absolute("/accounts/preferences")))
    body += "\n\n—\n" + " ".join(footer)
    row = MailOutbox(key=key, recipient=recipient, user_id=user.id if user else None, kind=kind,
                     subject=subject, attempts=0, body=body)
    db.session.add(row)
    db.session.flush()
    enqueue(MAIL_JOB, mail_id=row.id)
    return row


def unread_count(user: User) -> int:
    """How many of the user's notices are unread (the bell's figure)."""
    return db.session.scalar(select(func.count(Notice.id)).where(
        Notice.user_id == user.id, Notice.read_at.is_(None))) or 0


def notices_of(user: User, unread_only: bool = False):
    """The user's notices, newest first (a select, for the paginated list)."""
    query = select(Notice).where(Notice.user_id == user.id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    return query.order_by(Notice.id.desc())


def notice_of(user: User, notice_id: int) -> Notice | None:
    """The user's own notice with this id, else None (another user's is not found)."""
    notice = db.session.get(Notice, notice_id)
    return notice if notice is not None and notice.user_id == user.id else None


def mark_read(user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; how many changed."""
    query = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        query = query.where(Notice.id == notice_id)
    return db.session.execute(query.values(read_at=utcnow())
                              .execution_options(synchronize_session=False)).rowcount


def set_mail_preferences(user: User, wanted: Iterable[str], *, actor: User) -> None:
    """Keep e-mails of the `wanted` kinds (among those the role can receive), no others."""
    offered = {kind.name for kind in kinds_for(user)}
    off = sorted(offered - set(wanted))
    if off != sorted(user.mail_off or []):
        before = sorted(user.mail_off or [])
        user.mail_off = off
        record_event("user.mail_preferences", "user", user.id, user=actor,
                     summary="Đổi tùy chọn nhận thư thông báo",
                     changes={"mail_off": [before, off]})
    db.session.flush()


def set_language(user: User, language: str, *, actor: User) -> None:
    """The language of the user's pages, notices and e-mails from now on."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language != user.language:
        record_event("user.language", "user", user.id, user=actor,
                     summary="Đổi ngôn ngữ giao diện và thư thông báo",
                     changes={"language": [user.language, language]})
        user.language = language
    db.session.flush()
