"""Fixtures of the session tests: the application as a server runs it, and a moved clock."""
import time

import pytest
from itsdangerous.timed import TimestampSigner

from extensions import db
from tests.conftest import make_app


@pytest.fixture
def server(migrated, tmp_path, app):
    """Build the application again with `overrides`, to be called as a server is: each request
    in an application context of its own, so nothing cached on `g` (Flask-Login's user,
    Flask-WTF's token) carries over from one request to the next, as it would inside the
    `app` fixture's context. That fixture still empties the database after the test."""
    built = []

    def build(**overrides):
        built.append(make_app(migrated, tmp_path, **overrides))
        return built[-1]

    yield build
    for other in built:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def later(monkeypatch):
    """Move the clock that signs and checks cookies and CSRF tokens `minutes` ahead."""

    def move(minutes: float) -> None:
        monkeypatch.setattr(TimestampSigner, "get_timestamp",
                            lambda self: int(time.time() + minutes * 60))

    return move
