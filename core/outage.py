"""When the database cannot be reached: a Vietnamese page (or the API's JSON error) with 503 for
every user, and recovery by itself once it is back.

Any page may be the first to find the database gone: loading the signed-in user, a catalog
query, the commit at the end of the request. Each raises one of SQLAlchemy's OperationalError,
InterfaceError or DisconnectionError, which would otherwise end as a 500 whose error page reads
the user's menu from the same database and so fails again (gunicorn then answers with its own
English page). Here they answer 503 with Retry-After, from a page that reads nothing from the
database; core.transaction rolls the request back, as after any error. (OperationalError also
covers a lock wait that timed out or a deadlock: "try again in a moment" answers those too.)
Recovery needs no restart: the engine checks each pooled connection before use
(SQLALCHEMY_ENGINE_OPTIONS pool_pre_ping, set in app.configure), so connections broken while the
database was away are replaced on the next request."""
from flask import Flask, current_app, jsonify, request, session
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from core import i18n

RETRY_AFTER_SECONDS = 30
MESSAGE = _l("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút; "
             "quản trị hệ thống đã được ghi nhận sự cố.")
OUTAGES = (OperationalError, InterfaceError, DisconnectionError)


def _language() -> str:
    """The language of the answer, found without the database: the URL's, the session's or
    the browser's (core.i18n's order without the signed-in user, whose loading may be the very
    query that failed)."""
    for asked in (request.args.get("lang"), session.get(i18n.SESSION_KEY)):
        if asked in i18n.LANGUAGES:
            return asked
    return request.accept_languages.best_match(i18n.LANGUAGES) or i18n.DEFAULT_LANGUAGE


def _answer(error: BaseException):
    current_app.logger.error("Database unreachable on %s %s: %s", request.method, request.path,
                             error)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    language = _language()
    with force_locale(language):
        if request.path.startswith("/api/"):
            return jsonify(error={"code": 503, "message": str(MESSAGE)}), 503, headers
        # Not render_template: its context processors load the signed-in user (Flask-Login's
        # current_user), which is the very query that cannot run now.
        page = current_app.jinja_env.get_template("unavailable.html").render(
            message=str(MESSAGE), retry_after=RETRY_AFTER_SECONDS, language=language)
    return page, 503, headers


def register(app: Flask) -> None:
    """Answer every database outage with the 503 page."""
    for kind in OUTAGES:
        app.register_error_handler(kind, _answer)
