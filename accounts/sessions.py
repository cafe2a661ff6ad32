"""How a signed-in session starts, how long it lasts, and what survives its end.

- Start: every login_user (the login form, a vendor's registration) clears what the session
  held before (against fixation: only Flask-Login's keys, a kept form and `next` stay),
  renews the CSRF token, makes the session permanent and notes the login time.
- Idle end: the session is permanent with PERMANENT_SESSION_LIFETIME = SESSION_IDLE_MINUTES;
  Flask signs the cookie again on every response and refuses, on load, one signed longer ago
  than that. Absolute end: SESSION_MAX_HOURS after the login time, whatever happens between.
- Every session of a user ends when the user's session version moves (logout, a password
  change or reset, an administrator's lock: accounts.services.end_sessions); the version is
  part of the id each session carries (User.get_id, accounts.access.load_user).
- A form posted after its session ended is not lost: its fields (never a password nor the
  CSRF token) are kept in the new session for the path (core.forms.KEPT_FORM), the visitor
  is asked to log in again, and the next GET of that path shows the form as it was typed.
  This happens when the login check turns the POST away, or when the CSRF check does and the
  token was one this application signed, sent from one of its own pages, and the page needs
  a login.
- A form whose token expired (or belongs to an earlier session) while its page stays open is
  not lost either: when the token is one this application signed and the POST came from one
  of its own pages, the page is shown again at once with what was typed and a message to send
  it again (core.form_recovery); a button that only POSTs brings back the page it was on.
  Any other refusal (no token, a made-up one, another site, JSON) stays the plain 400.
"""
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_url, logout_user, user_logged_in
from flask_wtf.csrf import CSRFError
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import RequestRedirect
from wtforms import PasswordField
from wtforms.fields.core import UnboundField

from accounts import bp
from core.form_recovery import DO_AGAIN, show_again
from core.forms import KEPT_FORM, Form, showing_typed
from extensions import login_manager

LOGIN_AT = "_login_at"  # when the session's user logged in, in seconds since the epoch
# What Flask-Login keeps in the session, which a new login must not lose.
LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds")
EXPIRED = _l("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại; nội dung bạn đã nhập được giữ "
             "lại.")
EXPIRED_NOTHING_KEPT = _l("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại rồi thực hiện lại.")
# A kept form travels in the session cookie, which browsers cap at 4 KB: at most this many
# fields and characters are kept, and fields are left out until the cookie fits COOKIE_BUDGET.
KEPT_FIELDS, KEPT_CHARACTERS, COOKIE_BUDGET = 20, 10_000, 3_600


@bp.record_once
def _configure(state) -> None:
    config = state.app.config
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=config["SESSION_IDLE_MINUTES"])


def now() -> float:
    """Seconds since the epoch, by the wall clock: a session lasts real time, which THUE_TODAY
    (core.clock, moved by whole days in tests) must not shorten nor stretch."""
    return time.time()


@user_logged_in.connect
def start_session(_app, user, **_extra) -> None:
    """A new login: a cleared session, a new CSRF token, the idle and absolute clocks set."""
    keep = {key: session[key] for key in (*LOGIN_KEYS, KEPT_FORM, "next") if key in session}
    session.clear()
    session.update(keep)
    session.permanent = True
    session[LOGIN_AT] = now()
    # Flask-WTF keeps the raw token in the session and the signed one on `g` for the request:
    # without both, the next page makes a new token.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def continue_session(user) -> None:
    """Keep the current session after the user's own password change, which ended all the
    others: it carries the new session version (and keeps its login time)."""
    session["_user_id"] = user.get_id()


def session_values(user, logged_in_at: float | None = None) -> dict:
    """What a session signed in as `user` holds, for tests that skip the login form."""
    return {"_user_id": user.get_id(), "_fresh": True,
            LOGIN_AT: now() if logged_in_at is None else logged_in_at}


def end_expired_session() -> None:
    """Before any view: forget the user of a session past SESSION_MAX_HOURS since its login
    (or without a login time: not one this application started)."""
    g.pop("_login_user", None)  # Flask-Login's cache; tests keep one `g` across requests
    if "_user_id" not in session:
        return
    started = session.get(LOGIN_AT)
    limit = current_app.config["SESSION_MAX_HOURS"] * 3600
    if isinstance(started, (int, float)) and 0 <= now() - started <= limit:
        return
    kept = session.get(KEPT_FORM)
    logout_user()
    session.clear()
    if kept:
        session[KEPT_FORM] = kept


def _secret_field_names() -> set[str]:
    """Names of every password field of every form, and the CSRF token's: never kept."""
    names = {current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")}
    classes = [Form]
    while classes:
        form_class = classes.pop()
        classes += form_class.__subclasses__()
        names |= {name for name in dir(form_class)
                  if isinstance(field := getattr(form_class, name, None), UnboundField)
                  and issubclass(field.field_class, PasswordField)}
    return names


def _is_secret(name: str, secret: set[str]) -> bool:
    last = name.rsplit("-", 1)[-1]  # a field of a row: "lines-0-unit_price"
    return last in secret or "password" in name.lower() or "csrf" in name.lower()


def _fits_the_cookie() -> bool:
    interface = current_app.session_interface
    serializer = getattr(interface, "get_signing_serializer", lambda app: None)(current_app)
    if serializer is None:  # a server-side session: no cookie to fit
        return True
    return len(serializer.dumps(dict(session))) <= COOKIE_BUDGET


def keep_posted_form() -> bool:
    """Keep the posted fields (passwords and token aside) for the next GET of this path."""
    secret = _secret_field_names()
    fields, size = [], 0
    for name, value in request.form.items(multi=True):
        if _is_secret(name, secret) or len(fields) >= KEPT_FIELDS:
            continue
        if size + len(name) + len(value) > KEPT_CHARACTERS:
            continue
        fields.append([name, value])
        size += len(name) + len(value)
    if not fields:
        return False
    session[KEPT_FORM] = {"path": request.path, "fields": fields, "announce": True}
    while not _fits_the_cookie() and fields:
        fields.remove(max(fields, key=lambda pair: len(pair[1])))
        session[KEPT_FORM] = {"path": request.path, "fields": fields, "announce": True}
    if not fields:
        session.pop(KEPT_FORM, None)
    return bool(fields)


def _answers_get(path: str) -> bool:
    try:
        current_app.create_url_adapter(request).match(path, method="GET")
    except RequestRedirect:  # the same page with a trailing slash
        return True
    except HTTPException:  # 404, 405: no page to come back to
        return False
    return True


def _own_page(address: str | None) -> str | None:
    """The path and query of `address` when it is a page of this site, else None."""
    if not address:
        return None
    parts = urlsplit(address)
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def return_path() -> str | None:
    """Where to come back after logging in: this page if it answers GET, else the page the
    form was sent from (a button that only POSTs), else nowhere in particular."""
    if _answers_get(request.path):
        return request.full_path.rstrip("?")
    return _own_page(request.referrer)


def _kept_here() -> dict | None:
    kept = session.get(KEPT_FORM)
    return kept if isinstance(kept, dict) and kept.get("path") == request.path else None


@login_manager.unauthorized_handler
def ask_to_log_in():
    """A page that needs a login, for a visitor without one: keep what a POST carried, then
    the login page, with `next` for coming back."""
    target = return_path()
    if (request.method == "POST" or showing_typed()) and target \
            and target.split("?")[0] == request.path:
        keep_posted_form()
        if showing_typed():  # a POST refused by the CSRF check: the page again, as before
            return redirect(target)
    if kept := _kept_here():
        kept["announce"] = False  # said here: the page that shows it again need not
        session.modified = True
        flash(str(EXPIRED), "warning")
    else:
        flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=target))


def _our_token() -> bool:
    """Whether the request carries a CSRF token this application signed (of a session that
    has since ended or changed), rather than none or a made-up one."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = request.form.get(field)
    if not token:
        return False
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    try:
        URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(token)
    except BadData:
        return False
    return True


def _from_our_pages() -> bool:
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.host
    return _own_page(request.referrer) is not None


@bp.app_errorhandler(CSRFError)
def form_token_refused(error):
    """A form refused by the CSRF check with a token this application signed, sent from one
    of its own pages: its token expired, or its session ended or changed while it was being
    filled in. The page comes back with what was typed (it asks for a login first if it
    needs one: see the module's docstring). Any other refusal is the usual 400 page."""
    end_expired_session()
    if request.is_json or not (_our_token() and _from_our_pages()):
        return current_app.handle_http_exception(BadRequest())
    target = return_path()
    if target and target.split("?")[0] == request.path:
        secret = _secret_field_names()
        return show_again(lambda name: _is_secret(name, secret))
    if current_user.is_authenticated:  # a button that only POSTs: back to its page
        flash(str(DO_AGAIN), "warning")
        return redirect(target or url_for("accounts.work"))
    flash(str(EXPIRED_NOTHING_KEPT), "warning")
    return redirect(login_url(login_manager.login_view, next_url=target))
