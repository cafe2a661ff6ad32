"""The interface's language: Vietnamese first, English second (Flask-Babel).

Which language a request speaks, in this order: `?lang=vi|en` on the URL (kept in the session
for the pages that follow), the language picked earlier with the switcher (the session), the
signed-in user's own choice (`User.language`, which e-mails follow too: copied into the session
at login, so choosing a language never needs the database, which may be down), the browser's
`Accept-Language` among `LANGUAGES`, else Vietnamese.

The source strings (msgids) are Vietnamese; `translations/en/LC_MESSAGES/messages.po` holds
English. What carries legal force stays Vietnamese whatever the page speaks: every Word
document and its PDF is built inside `in_vietnamese` (a decorator and a context manager), and
amounts in words are Vietnamese by definition (`core.money.vnd_in_words`).

A notice or an e-mail is written for each recipient in that person's language: its title and
body are lazy strings (`lazy_gettext` with its variables), turned into text per recipient by
`text_in(language, value)`; `lazy_join` joins such pieces without fixing a language.
"""
from collections.abc import Iterable
from datetime import date
from functools import wraps

from flask import has_request_context, request, session
from flask_babel import LazyString, force_locale, format_date, get_locale, refresh

from core.formats import date_vn

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
# Each language named in itself, as switchers do: never translated.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
SESSION_KEY = "lang"
ACCOUNT_KEY = "account_lang"  # the signed-in user's own choice, set at login


def select_locale() -> str:
    """Flask-Babel's locale selector (see the module's docstring for the order)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session[SESSION_KEY] = asked
        return asked
    for key in (SESSION_KEY, ACCOUNT_KEY):
        if session.get(key) in LANGUAGES:
            return session[key]
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def remember_account_language(_app, user, **_extra) -> None:
    """At login (Flask-Login's user_logged_in and user_loaded_from_cookie signals): the
    account's language becomes the session's, unless this browser picked one already."""
    session[ACCOUNT_KEY] = user.language if user.language in LANGUAGES else DEFAULT_LANGUAGE
    refresh()


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def choose(language: str) -> None:
    """The switcher's choice for this browser's session, effective from this request on."""
    session[SESSION_KEY] = language
    refresh()


def resolve_early() -> None:
    """Settle the request's language once, before the view (a before_request hook).
    Flask-Babel keeps the choice in `g`, which outlives a request where tests reuse one
    application context: forget it first."""
    refresh()
    get_locale()


def in_vietnamese(function):
    """Run `function` with Vietnamese as the language: documents carry legal force in
    Vietnamese, whatever language the page that asked for them speaks."""
    @wraps(function)
    def wrapper(*args, **kwargs):
        with force_locale(DEFAULT_LANGUAGE):
            return function(*args, **kwargs)
    return wrapper


def text_in(language: str | None, value) -> str:
    """A lazy string (or plain text) as text in `language`."""
    with force_locale(language if language in LANGUAGES else DEFAULT_LANGUAGE):
        return str(value)


def lazy_join(parts: Iterable, separator: str = "") -> LazyString:
    """Pieces of lazy text joined when read, in the language of that moment."""
    parts = list(parts)
    return LazyString(lambda: separator.join(str(part) for part in parts))


def page_date(day: date | None) -> str:
    """A date written out on a page: "ngày 05 tháng 02 năm 2026" in Vietnamese (as documents
    write it), "5 February 2026" in English. Documents have their own filter (always
    Vietnamese, documents.engine)."""
    if day is None:
        return ""
    if current_language() == DEFAULT_LANGUAGE:
        return date_vn(day)
    return format_date(day, "d MMMM y")
