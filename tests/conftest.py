"""Fixtures: one migrated database per run, emptied after every test (SQLite or PostgreSQL).

Set FLASK_SQLALCHEMY_DATABASE_URI to a throwaway PostgreSQL database to run the suite there;
otherwise a temporary SQLite file is used.
"""
import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from accounts import services as account_services
from app import create_app
from core import clock
from extensions import db

PASSWORD = "mat-khau-thu-1"


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    uri = os.environ.get("FLASK_SQLALCHEMY_DATABASE_URI")
    if uri:
        return uri
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def make_app(database_uri, tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    os.environ.setdefault("THUE_INSTANCE_PATH", str(tmp_path))
    return create_app(config)


@pytest.fixture(scope="session")
def migrated(database_uri, tmp_path_factory):
    """Apply the migrations once to an empty database."""
    app = make_app(database_uri, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_uri


def empty_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app(migrated, tmp_path):
    app = make_app(migrated, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a role in a new (or given) organisation, committed."""
    counter = iter(range(1, 10_000))

    def factory(role="agency_staff", organisation=None, **org_fields):
        n = next(counter)
        if organisation is None:
            kind = {"vendor_staff": "vendor", "admin": "operator"}.get(role, "agency")
            organisation = account_services.create_organisation(
                kind, org_fields.pop("name", f"Tổ chức thử {n}"), **org_fields)
        user = account_services.create_user(
            f"user{n}-{role}@example.vn", f"Người dùng {n}", PASSWORD, role, organisation)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login(client):
    """Log a user in through the real login form."""

    def do(user, password=PASSWORD):
        response = client.post("/accounts/login",
                               data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do


@pytest.fixture
def on_day(monkeypatch):
    """Move the one clock (core.clock) to a date for this test: `on_day(date(2026, 9, 1))`."""

    def move(day) -> None:
        monkeypatch.setenv(clock.TODAY_VARIABLE, day.isoformat())

    return move
