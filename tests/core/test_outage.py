"""The database unreachable: every user gets the Vietnamese 503 page (the API its JSON error),
never a 500 nor the server's English page, and pages work again by themselves when it returns
(issue 13, point 6)."""
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from extensions import db
from tests.helpers import text

PAGE = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu"


@pytest.fixture
def outage(app):
    """Cut the database: every new connection fails, the pooled ones are dropped; undo()."""
    def refuse(*_args, **_kwargs):
        raise OperationalError("connect", {}, Exception("connection refused (test)"))

    class Switch:
        def cut(self):
            db.session.remove()
            db.engine.dispose()
            event.listen(db.engine, "do_connect", refuse)

        def restore(self):
            event.remove(db.engine, "do_connect", refuse)

    switch = Switch()
    yield switch
    if event.contains(db.engine, "do_connect", refuse):
        switch.restore()


def test_a_signed_in_user_gets_the_vietnamese_page_and_it_recovers(client, login, make_user,
                                                                   outage):
    user = make_user("agency_staff")
    login(user)
    outage.cut()
    response = client.get("/contracts/")
    assert response.status_code == 503
    assert PAGE in text(response) and response.headers["Retry-After"] == "30"
    assert "Internal Server Error" not in text(response)
    assert client.post("/accounts/logout").status_code == 503  # a write too, nothing half done
    outage.restore()
    response = client.get("/contracts/")
    assert response.status_code == 200 and PAGE not in text(response)


def test_visitors_and_the_api_get_it_too(client, outage):
    outage.cut()
    page = client.get("/catalog/")
    assert page.status_code == 503 and PAGE in text(page)
    api = client.get("/api/v1/services")
    assert api.status_code == 503
    assert api.get_json() == {"error": {"code": 503, "message": api.get_json()["error"]["message"]}}
    assert PAGE in api.get_json()["error"]["message"]
    outage.restore()
    assert client.get("/catalog/").status_code == 200


def test_connections_broken_by_an_outage_are_replaced_not_reused(app):
    assert db.engine.pool._pre_ping is True
