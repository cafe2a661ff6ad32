"""Application factory: the only module that imports every domain (and registers their
blueprints, APIs, commands and template filters)."""
import os
from pathlib import Path

import click
import yaml
from flask import Flask, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import user_loaded_from_cookie, user_logged_in
from werkzeug.middleware.proxy_fix import ProxyFix

import accounts
import accounts.demo
import catalog
import catalog.demo
import contracts
import contracts.demo
import documents
import plans
import plans.demo
import plans.quotations.demo
import vendors
import vendors.demo
from accounts.cli import accounts_cli
from accounts.jobs import jobs_bp
from accounts.models import ROLE_LABELS
from accounts.notices import outside_requests
from backup import backup_command, restore_command
from catalog import search
from catalog.api import api as catalog_api
from catalog.cli import catalog_cli
from catalog.legal_bases import label
from contracts.api import api as contracts_api
from contracts.cli import contracts_cli
from contracts.views.exports import exports_bp
from core import clock, i18n, outage, transaction
from core.clock import vietnam_time
from core.formats import dmy
from core.jobs import init_jobs
from core.jobs.cli import jobs_cli
from core.money import format_vnd, vnd_in_words
from core.routing import DatabaseId
from core.vat import vat_label
from documents.cli import documents_cli
from extensions import babel, csrf, db, limiter, login_manager, mail, migrate
from plans.api import api as plans_api
from plans.cli import plans_cli
from vendors.api import api as vendors_api
from vendors.cli import vendors_cli

HERE = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"
MAX_PAGE = 100_000  # no listing has this many pages; beyond it a page number is refused
# Every response carries these (register_security). No inline script or style anywhere: the
# templates only link static/css/app.css, and tests/test_security.py keeps it that way.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, instance config, FLASK_* env, then test_config."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("THUE_INSTANCE_PATH") or str(HERE / "instance"),
        instance_relative_config=True,
    )
    configure(app, test_config)
    register_security(app)
    register_extensions(app)
    init_jobs(app)
    transaction.register(app)
    app.url_map.converters["int"] = DatabaseId  # before any route: ids past 2³¹−1 are a 404
    register_blueprints(app)
    register_errorhandlers(app)
    outage.register(app)  # the database unreachable: 503 and a page that reads nothing from it
    register_commands(app)
    register_template_helpers(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(
        SECRET_KEY=DEV_SECRET_KEY,
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "app.sqlite"),
        # A pooled connection is checked before use, so pages recover by themselves once the
        # database is back after an outage (core.outage answers 503 meanwhile).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        PASSWORD_HASH_METHOD="scrypt",
        LOGIN_MAX_FAILURES=5,  # wrong passwords for one e-mail from one client before a wait
        LOGIN_LOCK_MINUTES=15,  # the longest wait (1, 2, 4 … minutes: accounts.lockout)
        SESSION_IDLE_MINUTES=30,  # a session unused this long ends (accounts.sessions)
        SESSION_MAX_HOURS=12,  # and any session ends this long after its login
        PER_PAGE=20,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=None,  # None: on unless debug or testing (register_security)
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_LOGIN="10/minute",  # POST /accounts/login, per client IP
        RATELIMIT_REGISTER="5/minute",  # POST /vendors/register, per client IP
        PDF_ON_GENERATE=True,  # each generated document asks for its PDF/A (documents.renditions)
        # Reverse proxies in front that set X-Forwarded-For/-Proto/-Host (deploy/nginx: 1). 0
        # trusts none: a client could otherwise pick its own address for the limits.
        PROXY_FIX_HOPS=0,
        # Long work in a job queue (core.jobs): Celery on an embedded broker in instance/ by
        # default; in production e.g. FLASK_JOBS_BROKER_URL=redis://host:6379/0.
        JOBS_BROKER_URL="sqla+sqlite:///" + os.path.join(app.instance_path, "jobs.sqlite"),
        JOBS_RESULT_BACKEND=None,  # the jobs table is the result; Celery keeps none
        JOBS_EAGER=None,  # None: on under TESTING (a job runs at the request's commit)
        JOBS_LEASE_SECONDS=1800,  # a job's time limit, after which another worker may take it
        JOBS_MAX_ATTEMPTS=3,  # runs of an interrupted job before it is marked failed
        JOBS_SHUTDOWN_SECONDS=20,  # on SIGTERM, running jobs may end; then they run again
        # E-mail (accounts.mail, through Flask-Mailman, from a job): no MAIL_SERVER, printed to
        # the console (kept in memory under TESTING); MAIL_USE_TLS is STARTTLS on MAIL_PORT.
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_USE_TLS=False,
        MAIL_DEFAULT_SENDER="Thuê DV CNTT <khong-tra-loi@localhost>",
        MAIL_TIMEOUT=20,
        MAIL_RETRY_MINUTES=5,  # an e-mail the server refused is tried again after 5, 10, 20 …
        MAIL_MAX_ATTEMPTS=8,
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SERVER_NAME") and app.config.get("TRUSTED_HOSTS") is None:
        # External URLs (the API's `url` fields, links in e-mails) come from SERVER_NAME; without
        # it, from the request's Host, which is then checked against TRUSTED_HOSTS (a 400 for any
        # other). Unset, only loopback is trusted: a deployment names its host or gets 400s.
        app.config["TRUSTED_HOSTS"] = ["localhost", "127.0.0.1", "[::1]"]
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.testing and clock.fixed_today() is not None:
        raise RuntimeError(f"{clock.TODAY_VARIABLE} chỉ dùng khi chạy kiểm thử; hãy bỏ biến này. / "
                           f"{clock.TODAY_VARIABLE} moves the clock for tests only: unset it.")
    if not (app.debug or app.testing) and app.config["SECRET_KEY"] in {None, "", DEV_SECRET_KEY}:
        raise RuntimeError(
            "SECRET_KEY chưa được đặt: đặt biến môi trường FLASK_SECRET_KEY hoặc SECRET_KEY trong "
            f"{os.path.join(app.instance_path, 'config.py')} (make run tự tạo), hoặc chạy với "
            "--debug khi phát triển. / SECRET_KEY is the development default: set "
            "FLASK_SECRET_KEY or SECRET_KEY in instance/config.py, or run with --debug."
        )


def register_security(app: Flask) -> None:
    """Secure cookies, the rate limiter, guards on malformed input, headers on every response."""
    config = app.config
    local = app.debug or app.testing
    if config["SESSION_COOKIE_SECURE"] is None:
        config["SESSION_COOKIE_SECURE"] = not local
    config.setdefault("REMEMBER_COOKIE_SECURE", config["SESSION_COOKIE_SECURE"])
    config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    # Set explicitly for every app: Flask-Limiter keeps `enabled` on the shared extension.
    config.setdefault("RATELIMIT_ENABLED", not app.testing)
    limiter.init_app(app)
    if hops := int(config["PROXY_FIX_HOPS"]):
        # The client's address, scheme and host as the trusted proxy saw them: the rate limits
        # and lockouts count the real client, and redirects stay on https.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.before_request
    def refuse_nul_characters():
        # PostgreSQL text cannot hold NUL: a value carrying one would fail deep in a query as
        # a 500, so any request with one is a plain 400 whatever the route.
        texts = [request.path]
        sources = [request.args, request.form, request.files] if request.method == "POST" \
            else [request.args]
        for data in sources:
            for key, values in data.lists():
                texts += [key, *(getattr(v, "filename", v) or "" for v in values)]
        if any("\x00" in t for t in texts):
            abort(400)

    @app.before_request
    def refuse_pages_past_any_end():
        # Pages read ?page= with type=int, unbounded: page 10^20 overflows the SQL OFFSET
        # (a 500 on SQLite and PostgreSQL alike). The API bounds its own parameters.
        try:
            page = int(request.args.get("page", "1"))
        except ValueError:
            return
        if page > MAX_PAGE and not request.path.startswith("/api/"):
            abort(404)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    # The search index's engine objects (FTS5 tables, the tsvector column) are the migration's,
    # not the models': autogenerate leaves them alone (catalog.search.include_name).
    migrate.init_app(app, db, directory=str(HERE / "migrations"), render_as_batch=True,
                     include_name=search.include_name)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    app.before_request(i18n.resolve_early)  # the language settled before any template renders
    user_logged_in.connect(i18n.remember_account_language, app)
    user_loaded_from_cookie.connect(i18n.remember_account_language, app)
    mail.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Each package's blueprint (its views attach on import), then the read-only JSON APIs."""
    for package in (accounts, catalog, vendors, documents, plans, contracts):
        app.register_blueprint(package.bp)
    app.register_blueprint(jobs_bp)  # a job's status page, whoever started it
    app.register_blueprint(exports_bp)  # the administrators' OCDS export
    for api in (catalog_api, vendors_api, plans_api, contracts_api):
        csrf.exempt(api)  # read-only JSON, no cookies needed
        app.register_blueprint(api)
    app.add_url_rule("/", "index", lambda: redirect(url_for("catalog.index")))
    app.add_url_rule("/api/v1/openapi.json", "openapi", openapi_document)


def openapi_document():
    """Merge each domain's OpenAPI fragment into one document."""
    doc = yaml.safe_load((HERE / "openapi.yml").read_text(encoding="utf-8"))
    for domain in ("catalog", "vendors", "contracts"):
        part = yaml.safe_load((HERE / domain / "openapi.yml").read_text(encoding="utf-8"))
        doc["paths"].update(part.get("paths", {}))
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    return jsonify(doc)


def register_errorhandlers(app: Flask) -> None:
    messages = {
        400: _l("Yêu cầu không hợp lệ."),
        403: _l("Bạn không có quyền truy cập trang này."),
        404: _l("Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."),
        405: _l("Phương thức không được hỗ trợ."),
        413: _l("Tệp tải lên vượt quá dung lượng cho phép."),
        414: _l("Địa chỉ yêu cầu quá dài."),
        429: _l("Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một phút rồi thử lại."),
        500: _l("Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau."),
    }

    def handle(error):
        code = getattr(error, "code", 500) or 500
        message = str(messages.get(code, messages[500]))
        # The error's own headers stay on the answer: Allow on a 405 (RFC 9110), Retry-After.
        headers = [(name, value) for name, value in getattr(error, "get_headers", list)()
                   if name.lower() != "content-type"]
        if request.path.startswith("/api/"):
            return jsonify(error={"code": code, "message": message}), code, headers
        return render_template("error.html", code=code, message=message), code, headers

    for code in messages:
        app.register_error_handler(code, handle)


def register_commands(app: Flask) -> None:
    for group in (accounts_cli, catalog_cli, vendors_cli, documents_cli, plans_cli, contracts_cli,
                  jobs_cli):
        app.cli.add_command(group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)  # spans every domain, so it lives beside app.py
    app.cli.add_command(restore_command)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load provinces, the catalog and demo organisations (idempotent). The moves it makes
    build their notices' links with url_for, which needs a request: a command's stands in."""
    counts = {}
    with outside_requests():
        for seed in (accounts.demo.seed, catalog.demo.seed, vendors.demo.seed, plans.demo.seed,
                     plans.quotations.demo.seed, contracts.demo.seed):
            counts.update(seed())
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count}")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, LANGUAGE_NAMES=i18n.LANGUAGE_NAMES,
                                 current_language=i18n.current_language)
    # Pages write dates out in their language (i18n.page_date); documents keep their own
    # filters (documents.engine), always Vietnamese. Amounts in words are Vietnamese by nature.
    app.jinja_env.filters.update(vnd=format_vnd, words=vnd_in_words, date_vn=i18n.page_date,
                                 dmy=dmy, vat_label=vat_label, pack_label=label,
                                 vn_time=vietnam_time)  # stored in UTC, shown in Vietnam time
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
