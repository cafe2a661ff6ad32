"""Application factory: the only module that imports every domain."""
import os
from pathlib import Path

import click
from flask import Flask, jsonify, redirect, render_template, request, url_for

from extensions import babel, csrf, db, login_manager, migrate

HERE = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, instance config, FLASK_* env, then test_config."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("THUE_INSTANCE_PATH") or str(HERE / "instance"),
        instance_relative_config=True,
    )
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(
        SECRET_KEY="dev-only-not-secret",
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "app.sqlite"),
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        PASSWORD_HASH_METHOD="scrypt",
        LOGIN_MAX_FAILURES=5,
        LOGIN_LOCK_MINUTES=15,
        PER_PAGE=20,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not (app.debug or app.testing) and app.config["SECRET_KEY"] == "dev-only-not-secret":
        app.logger.warning(
            "SECRET_KEY is the development default; set FLASK_SECRET_KEY in production."
        )


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(HERE / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app)


def register_blueprints(app: Flask) -> None:
    import accounts.views  # noqa: F401  (routes attach to the blueprint on import)
    import catalog.admin  # noqa: F401
    import catalog.views  # noqa: F401
    import contracts.views.acceptance  # noqa: F401
    import contracts.views.audit  # noqa: F401
    import contracts.views.contracts  # noqa: F401
    import contracts.views.dashboard  # noqa: F401
    import contracts.views.lifecycle  # noqa: F401
    import contracts.views.plans  # noqa: F401
    import contracts.views.templates  # noqa: F401
    import contracts.views.wizard  # noqa: F401
    import vendors.admin  # noqa: F401
    import vendors.offerings  # noqa: F401
    import vendors.views  # noqa: F401
    from accounts import bp as accounts_bp
    from catalog import bp as catalog_bp
    from catalog.api import api as catalog_api
    from contracts import bp as contracts_bp
    from contracts.api import api as contracts_api
    from vendors import bp as vendors_bp
    from vendors.api import api as vendors_api

    app.register_blueprint(accounts_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(vendors_bp)
    app.register_blueprint(contracts_bp)
    for api in (catalog_api, vendors_api, contracts_api):
        csrf.exempt(api)  # read-only JSON, no cookies needed
        app.register_blueprint(api)
    app.add_url_rule("/", "index", lambda: redirect(url_for("catalog.index")))
    app.add_url_rule("/api/v1/openapi.json", "openapi", openapi_document)


def openapi_document():
    """Merge each domain's OpenAPI fragment into one document."""
    import yaml

    doc = yaml.safe_load((HERE / "openapi.yml").read_text(encoding="utf-8"))
    for domain in ("catalog", "vendors", "contracts"):
        part = yaml.safe_load((HERE / domain / "openapi.yml").read_text(encoding="utf-8"))
        doc["paths"].update(part.get("paths", {}))
        doc["components"]["schemas"].update(part.get("components", {}).get("schemas", {}))
    return jsonify(doc)


def register_errorhandlers(app: Flask) -> None:
    messages = {
        400: "Yêu cầu không hợp lệ.",
        403: "Bạn không có quyền truy cập trang này.",
        404: "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.",
        405: "Phương thức không được hỗ trợ.",
        413: "Tệp tải lên vượt quá dung lượng cho phép.",
        500: "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.",
    }

    def handle(error):
        code = getattr(error, "code", 500) or 500
        message = messages.get(code, messages[500])
        if request.path.startswith("/api/"):
            return jsonify(error={"code": code, "message": message}), code
        return render_template("error.html", code=code, message=message), code

    for code in messages:
        app.register_error_handler(code, handle)


def register_commands(app: Flask) -> None:
    from accounts.cli import accounts_cli
    from catalog.cli import catalog_cli
    from contracts.cli import contracts_cli
    from vendors.cli import vendors_cli

    for group in (accounts_cli, catalog_cli, contracts_cli, vendors_cli):
        app.cli.add_command(group)
    app.cli.add_command(seed_demo_command)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load provinces, the catalog and demo organisations (idempotent)."""
    import accounts.demo
    import catalog.demo
    import contracts.demo_contracts
    import contracts.demo_plans
    import vendors.demo

    counts = {}
    for seed in (accounts.demo.seed, catalog.demo.seed, vendors.demo.seed,
                 contracts.demo_plans.seed, contracts.demo_contracts.seed):
        counts.update(seed())
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count}")


def register_template_helpers(app: Flask) -> None:
    from accounts.models import ROLE_LABELS
    from catalog.legal_bases import label
    from contracts.documents import date_vn, dmy, vat_label
    from contracts.money import format_vnd, vnd_in_words

    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.filters.update(vnd=format_vnd, words=vnd_in_words, date_vn=date_vn, dmy=dmy,
                                 vat_label=vat_label, pack_label=label)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
