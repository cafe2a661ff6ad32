"""Notices in the application and their e-mails: one per event and person, sent after the
change commits through a real SMTP server, retried while the server is down."""
from datetime import timedelta

from sqlalchemy import func, select

from accounts import mail, notices
from accounts.models import MailOutbox, Notice
from core import clock, jobs
from extensions import db
from tests.helpers import text

KIND = "vendor.awaiting_verification"


def tell(user, key="event:1", link="/accounts/work"):
    added = notices.notify([user], KIND, "Doanh nghiệp A chờ xác minh", "Hãy xác minh.", link,
                           key=key)
    db.session.commit()
    return added


def test_a_notice_is_shown_and_e_mailed_with_its_link(make_user, smtp_server):
    admin = make_user("admin")
    tell(admin)
    [message] = smtp_server.to(admin.email)
    assert message["Subject"] == "Doanh nghiệp A chờ xác minh"
    body = smtp_server.text(message)
    assert f"Kính gửi {admin.name}" in body and "http://localhost/accounts/work" in body
    row = db.session.scalar(select(MailOutbox))
    assert row.sent_at is not None and row.attempts == 1 and row.recipient == admin.email


def test_the_same_event_twice_tells_once(make_user, smtp_server):
    admin = make_user("admin")
    assert len(tell(admin)) == 1
    assert tell(admin) == []
    assert db.session.scalar(select(func.count(Notice.id))) == 1
    assert len(smtp_server.to(admin.email)) == 1


def test_nothing_is_sent_when_the_change_rolls_back(make_user, smtp_server):
    admin = make_user("admin")
    notices.notify([admin], KIND, "Tiêu đề", "Nội dung", "/accounts/work", key="gone")
    db.session.rollback()
    assert smtp_server.messages == [] and db.session.scalar(select(func.count(Notice.id))) == 0


def test_a_kind_turned_off_gives_the_notice_without_the_e_mail(make_user, smtp_server, client,
                                                               login):
    admin = make_user("admin")
    login(admin)
    page = client.get("/accounts/preferences")
    assert "Doanh nghiệp mới đăng ký chờ xác minh" in text(page)
    assert client.post("/accounts/preferences", data={}).status_code == 302
    db.session.refresh(admin)
    assert KIND in admin.mail_off
    tell(admin)
    assert smtp_server.messages == []
    assert db.session.scalar(select(func.count(Notice.id))) == 1


def test_an_e_mail_refused_by_the_server_is_sent_again_later(make_user, smtp_server):
    admin = make_user("admin")
    smtp_server.refuse = True
    tell(admin)
    row = db.session.scalar(select(MailOutbox))
    assert row.sent_at is None and row.attempts == 1 and "451" in row.last_error
    assert mail.retry_due() == []  # not yet due
    smtp_server.refuse = False
    row.next_attempt_at = clock.utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert mail.retry_due() == [row.id]
    db.session.commit()  # the retry's job runs here (jobs are eager in tests)
    db.session.refresh(row)
    assert row.sent_at is not None and row.attempts == 2
    assert len(smtp_server.to(admin.email)) == 1


def test_an_e_mail_is_not_sent_twice_by_a_second_job(make_user, smtp_server):
    admin = make_user("admin")
    tell(admin)
    row = db.session.scalar(select(MailOutbox))
    jobs.enqueue(notices.MAIL_JOB, mail_id=row.id)
    db.session.commit()
    assert len(smtp_server.to(admin.email)) == 1


def test_the_bell_counts_unread_notices_and_opening_one_marks_it_read(make_user, client, login):
    admin = make_user("admin")
    tell(admin, key="a")
    tell(admin, key="b", link="/vendors/admin/")
    login(admin)
    page = text(client.get("/accounts/notices/"))
    assert "2 thông báo chưa đọc" in page and page.count("Chưa đọc:") == 2
    notice = db.session.scalar(select(Notice).where(Notice.key == "b"))
    opened = client.post(f"/accounts/notices/{notice.id}/open")
    assert opened.status_code == 302 and opened.headers["Location"] == "/vendors/admin/"
    assert "1 thông báo chưa đọc" in text(client.get("/accounts/notices/"))
    client.post("/accounts/notices/read")
    assert "thông báo chưa đọc" not in text(client.get("/accounts/notices/"))


def test_another_users_notice_is_not_found(make_user, client, login):
    admin, other = make_user("admin"), make_user("admin")
    [notice] = tell(admin)
    login(other)
    assert client.post(f"/accounts/notices/{notice.id}/open").status_code == 404
    db.session.refresh(notice)
    assert notice.read_at is None


def test_a_notice_keeps_only_the_path_of_its_link(make_user, smtp_server):
    admin = make_user("admin")
    [notice] = tell(admin, link="http://localhost/vendors/admin/?page=2#dau")
    assert notice.link == "/vendors/admin/?page=2#dau"
    [other] = tell(admin, key="other", link="//elsewhere.example/x")
    assert other.link == "/x"
    assert "http://localhost/vendors/admin/?page=2#dau" in smtp_server.text(
        smtp_server.to(admin.email)[0])
