"""The demo's requests for quotations (issue 16, point 7), seeded as `make run` seeds them: by
the command, with no SERVER_NAME, so the notices' links are built as a command builds them."""
import pytest
from sqlalchemy import select

from extensions import db
from plans.models import PlanCostLine
from plans.quotations import rules
from plans.quotations.comparison import compare
from plans.quotations.demo import CLOSED_TITLE, OPEN_TITLE
from plans.quotations.models import QuotationChoice, QuotationRequest
from tests.conftest import make_app, serving


@pytest.fixture
def bare_app(migrated, tmp_path):
    """The application as `make run` configures it: no SERVER_NAME."""
    yield from serving(make_app(migrated, tmp_path, SERVER_NAME=None))


def test_make_runs_demo_holds_a_closed_request_feeding_a_plan_and_an_open_one(bare_app):
    result = bare_app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "yêu cầu báo giá mới: 2" in result.output
    closed = db.session.scalar(select(QuotationRequest).where(
        QuotationRequest.title == CLOSED_TITLE))
    assert rules.state_of(closed) == "closed" and len(closed.answers) == 4
    assert sorted((a.status, a.late) for a in closed.answers) == [
        ("answered", False), ("answered", False), ("answered", True), ("declined", False)]
    server, backup = compare(closed)
    assert server.figures.count == 2 and server.figures.lowest == 790_000  # the late one is out
    chosen = db.session.scalars(select(QuotationChoice).where(
        QuotationChoice.plan_id == closed.plan_id)).all()
    assert {c.method for c in chosen} == {"lowest", "vendor"}
    lines = db.session.scalars(select(PlanCostLine).where(
        PlanCostLine.plan_id == closed.plan_id, PlanCostLine.price_source.is_not(None))).all()
    assert sorted(line.unit_price for line in lines) == [2_600, 790_000]
    assert closed.plan.is_editable and closed.plan.estimate_method

    opened = db.session.scalar(select(QuotationRequest).where(
        QuotationRequest.title == OPEN_TITLE))
    assert rules.state_of(opened) == "open" and rules.is_sealed(opened)
    assert len(opened.answers) == 1
    again = bare_app.test_cli_runner().invoke(args=["seed-demo"])
    assert "yêu cầu báo giá mới: 0" in again.output  # idempotent
