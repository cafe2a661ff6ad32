"""A plan's approval is not in the future, and its dates stay within 2000–2100 (issue 12,
point 5)."""
from datetime import date, timedelta

import pytest

from core import clock
from plans import rules as plan_rules
from plans import services as plan_services
from tests.helpers import text
from tests.plans.plan_helpers import make_plan, send_through_appraisal
from tests.plans.test_views import plan_form


def test_an_approval_dated_in_the_future_is_refused(agency, plan_catalog):
    plan = send_through_appraisal(make_plan(agency, plan_catalog, plan_date=date(2026, 8, 1)),
                                  agency.staff)
    later = clock.today() + timedelta(days=151)
    message = f"Ngày phê duyệt \\({later:%d/%m/%Y}\\) không được sau ngày hôm nay"
    with pytest.raises(plan_rules.PlanError, match=message):
        plan_services.approve_plan(plan, "215/QĐ-SKHCN", later, actor=agency.approver)
    assert plan.status == "appraised"


def test_a_plan_ending_31_12_9999_is_refused_with_a_message_not_a_500(
        client, login, agency, plan_catalog):
    login(agency.staff)
    response = client.post("/plans/new", data=plan_form([plan_catalog.custom.id],
                                                        period_end="9999-12-31"))
    assert response.status_code == 200
    assert "Năm phải từ 2000 đến 2100." in text(response)
    assert "Thuê dịch vụ công trực tuyến" in response.get_data(as_text=True)
