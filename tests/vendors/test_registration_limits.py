"""The registration form posted too often within a minute keeps what was typed."""
import html
import re

import pytest
from sqlalchemy import func, select

from accounts.services import load_provinces
from extensions import db
from tests.conftest import make_app
from tests.vendors.test_registration import FORM
from vendors.registration import PendingRegistration


@pytest.fixture
def limited(migrated, tmp_path, app):
    """An app with the rate limiter on, as outside tests (the `app` fixture empties the
    database afterwards)."""
    load_provinces()
    db.session.commit()
    other = make_app(migrated, tmp_path, RATELIMIT_ENABLED=True)
    with other.app_context():
        yield other
        db.session.remove()
        db.engine.dispose()


def test_the_sixth_registration_in_a_minute_shows_the_form_again_as_typed(limited):
    client = limited.test_client()
    for _ in range(5):
        assert client.post("/vendors/register", data={"legal_name": "X"}).status_code == 200
    response = client.post("/vendors/register", data=FORM)
    assert response.status_code == 429
    page = html.unescape(response.get_data(as_text=True))
    assert "quá nhiều yêu cầu đăng ký trong một phút" in page
    assert "vui lòng đợi một phút" in page
    for name in ("legal_name", "tax_code", "address", "phone", "user_name", "user_email"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(FORM[name])}"', page) or \
            re.search(rf'value="{re.escape(FORM[name])}"[^>]*name="{name}"', page), name
    assert FORM["password"] not in page
    assert 'selected value="ha-noi"' in page
    assert db.session.scalar(select(func.count(PendingRegistration.id))) == 0
