"""English as the second language (core/i18n.py): the browser's Accept-Language, `?lang=`, the
switcher on every page, a user's own choice, and notices and e-mails in each recipient's
language."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts import notices
from accounts.models import AuditEvent, MailOutbox, Notice
from extensions import db
from tests.helpers import text

KIND = "vendor.awaiting_verification"


def test_vietnamese_by_default_and_english_when_the_browser_asks(client):
    page = text(client.get("/catalog/"))
    assert "Danh mục dịch vụ" in page and "Đăng nhập" in page
    english = client.get("/catalog/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_code == 200
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Service catalogue" in text(english) and "Sign in" in text(english)
    preferred = client.get("/catalog/", headers={"Accept-Language": "fr, vi;q=0.8, en;q=0.5"})
    assert "Đăng nhập" in text(preferred)


def test_lang_on_the_url_holds_for_the_pages_that_follow(client):
    assert "Sign in" in text(client.get("/catalog/?lang=en"))
    assert "Sign in" in text(client.get("/vendors/"))
    assert "Đăng nhập" in text(client.get("/vendors/?lang=vi"))
    assert "Đăng nhập" in text(client.get("/catalog/"))
    assert "Đăng nhập" in text(client.get("/catalog/?lang=fr"))  # unknown: ignored


def test_a_visitor_switches_by_links_and_gets_no_session_cookie(client):
    page = client.get("/vendors/?q=abc")
    assert 'href="/vendors/?q=abc&amp;lang=en"' in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers
    assert "Sign in" in text(client.get("/vendors/?q=abc&lang=en"))


def test_the_switcher_changes_the_language_and_comes_back_to_the_page(client, make_user, login):
    login(make_user("agency_staff"))
    page = client.get("/vendors/?q=abc")
    assert 'name="language" value="en"' in page.get_data(as_text=True)
    answer = client.post("/accounts/language", data={"language": "en", "next": "/vendors/?q=abc"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/vendors/?q=abc")
    assert "Sign out" in text(client.get("/vendors/"))
    away = client.post("/accounts/language", data={"language": "vi", "next": "//evil.example"})
    assert "evil" not in away.headers["Location"]
    assert "Đăng xuất" in text(client.get("/catalog/"))


def test_the_switcher_needs_its_csrf_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    answer = client.post("/accounts/language", data={"language": "en", "next": "/catalog/"})
    assert answer.status_code == 400
    assert "Đăng nhập" in text(client.get("/catalog/"))


def test_a_signed_in_users_choice_is_kept_with_an_audit_entry(make_user, client, login):
    user = make_user("agency_staff")
    login(user)
    client.post("/accounts/language", data={"language": "en", "next": "/accounts/work"})
    db.session.refresh(user)
    assert user.language == "en"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.language"))
    assert event.object_id == str(user.id) or event.object_id == user.id
    assert event.changes == {"language": ["vi", "en"]}
    client.post("/accounts/logout")
    login(user)  # a new session: the choice comes from the account
    assert "Sign out" in text(client.get("/accounts/work"))


def test_the_preferences_page_sets_the_language(make_user, client, login):
    user = make_user("admin")
    login(user)
    page = client.get("/accounts/preferences")
    assert "Ngôn ngữ của trang và thư thông báo" in text(page)
    answer = client.post("/accounts/preferences", data={"lang-language": "en"})
    assert answer.status_code == 302
    db.session.refresh(user)
    assert user.language == "en"
    assert "Language of pages and notice e-mails" in text(client.get("/accounts/preferences"))
    refused = client.post("/accounts/preferences", data={"lang-language": "de"})
    assert refused.status_code == 200 and user.language == "en"


def test_notices_and_e_mails_speak_each_recipients_language(make_user, smtp_server):
    english, vietnamese = make_user("admin"), make_user("admin")
    english.language = "en"
    db.session.commit()
    title = _l("Xem tại: %(link)s", link="X")  # any translated msgid with a variable
    notices.notify([english, vietnamese], KIND, title, _l("Thông báo"), "/accounts/work",
                   key="language:1")
    db.session.commit()
    told = {n.user_id: n for n in db.session.scalars(select(Notice))}
    assert told[english.id].title == "See: X" and told[english.id].body == "Notices"
    assert told[vietnamese.id].title == "Xem tại: X" and told[vietnamese.id].body == "Thông báo"
    [to_english] = smtp_server.to(english.email)
    body = smtp_server.text(to_english)
    assert to_english["Subject"] == "See: X"
    assert f"Dear {english.name}," in body and "please do not reply" in body
    [to_vietnamese] = smtp_server.to(vietnamese.email)
    assert f"Kính gửi {vietnamese.name}," in smtp_server.text(to_vietnamese)
    rows = db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)).all()
    assert len(rows) == 2


def test_api_errors_follow_accept_language(client):
    english = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    assert english.status_code == 404
    assert english.get_json()["error"]["message"] == "The page or data you asked for was not found."
    vietnamese = client.get("/api/v1/nothing-here")
    assert vietnamese.get_json()["error"]["message"].startswith("Không tìm thấy")
