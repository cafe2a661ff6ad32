"""A contract stays within its approved plan (issue 12, point 4): each refusal names the rule
and both figures; a service built to the agency's requirements needs an approved plan."""
import io
from datetime import date

import docx
import pytest

from contracts.services.document import generate_contract_document
from contracts.services.wizard import ContractError
from contracts.services.within_plan import lease_budget, plan_problems, within_estimate
from documents import storage
from documents.engine import render_docx, template_path
from documents.preview import PREVIEW_AMENDMENT
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from tests.contracts.lifecycle_helpers import make_contract
from tests.helpers import text
from tests.plans.plan_helpers import line_dicts, plan_values, send_through_appraisal

# The wizard's contract: HT-001, nd224-2026, 01/09/2026 for 60 months, 330.000.000 đồng.
FITTING = [("lease", "Thuê máy chủ ảo", "máy chủ ảo/tháng", 2, 60, 2_500_000, "10", 2026)]


def approved_plan(people, services, pack="nd224-2026", lines=FITTING, **overrides):
    plan = plan_services.create_plan(people.staff.organisation,
                                     plan_values(pack, services, **overrides), actor=people.staff)
    plan_estimate.save_estimate(plan, line_dicts(lines), "combination", "", actor=people.staff)
    send_through_appraisal(plan, people.staff)
    plan_services.approve_plan(plan, "215/QĐ-SKHCN", date(2026, 8, 20), actor=people.approver)
    db.session.commit()
    return plan


@pytest.fixture
def draft(client, login, people, offering):
    return make_contract(client, login, people, offering, generate=False)


def linked(contract, plan):
    contract.plan_id = plan.id
    db.session.commit()
    db.session.expire_all()
    return contract


def test_a_contract_that_fits_its_plan_is_generated(people, draft, offering):
    contract = linked(draft, approved_plan(people, [offering.service]))
    assert plan_problems(contract) == []
    generate_contract_document(contract, actor=people.staff)


def test_a_contract_over_the_plans_lease_estimate_is_refused_with_both_figures(
        people, draft, offering):
    small = [("lease", "Thuê máy chủ ảo", "máy chủ ảo/tháng", 1, 60, 2_500_000, "10", 2026)]
    contract = linked(draft, approved_plan(people, [offering.service], lines=small))
    with pytest.raises(ContractError) as refused:
        generate_contract_document(contract, actor=people.staff)
    assert ("Giá trị: tổng giá trị hợp đồng 330.000.000 đồng vượt dự toán chi phí thuê dịch vụ "
            "của kế hoạch 165.000.000 đồng.") in str(refused.value)


def test_another_basis_another_service_or_a_longer_period_is_refused(
        people, draft, offering, make_offering):
    other = make_offering(offering.vendor, "HT-002", unit_price=1_000_000, price_public=True)
    plan = approved_plan(people, [other.service], pack="nd73-2019",
                         period_start=date(2026, 9, 1), period_end=date(2029, 8, 31))
    problems = plan_problems(linked(draft, plan))
    assert any(p.startswith("Căn cứ pháp lý: hợp đồng theo ") and "kế hoạch thuê đã duyệt theo"
               in p for p in problems)
    assert any(p.startswith(f"Dịch vụ: “{offering.service.name}” không có trong kế hoạch")
               and other.service.name in p for p in problems)
    assert ("Thời gian thuê: hợp đồng từ 01/09/2026 đến 31/08/2031, ngoài thời gian thuê của "
            "kế hoạch (từ 01/09/2026 đến 31/08/2029).") in problems


def test_a_term_past_the_bases_limit_is_refused_without_a_plan(client, login, people,
                                                               offering):
    contract = make_contract(client, login, people, offering, generate=False,
                             term={"start_date": "2026-09-01", "months": "72",
                                   "preparation_months": "0", "schedule": "quarterly",
                                   "milestones": "", "payment_method": "Chuyển khoản",
                                   "payment_days": "15"})
    contract.pack_id = "nd73-2019"
    db.session.commit()
    assert plan_problems(contract) == [
        "Thời hạn thuê: Theo Nghị định 73/2019/NĐ-CP, thời gian thuê dịch vụ không được quá "
        "05 năm."]


def test_a_built_to_requirements_service_needs_an_approved_plan(client, login, people,
                                                                make_vendor, make_offering):
    custom = make_offering(make_vendor(legal_name="Công ty Phần mềm Riêng"), "PM-001",
                           unit_price=2_500_000, price_public=True)
    contract = make_contract(client, login, people, custom, generate=False)
    login(people.staff)
    response = client.post(f"/contracts/{contract.id}/generate", follow_redirects=True)
    assert response.status_code == 200
    assert (f"Dịch vụ “{custom.service.name}” được xây dựng theo yêu cầu riêng của cơ quan: hợp "
            "đồng phải gắn với một kế hoạch thuê đã được phê duyệt") in text(response)


def article_6_4(document) -> str:
    paragraphs = [p.text for p in docx.Document(io.BytesIO(storage.read_document(document)))
                  .paragraphs]
    start = next(i for i, t in enumerate(paragraphs) if "Giá hợp đồng và thuế giá trị" in t)
    return next(t for t in paragraphs[start:] if t.startswith("4. "))


def test_article_6_4_says_within_the_estimate_only_when_the_plan_was_checked(people, draft,
                                                                             offering):
    unlinked = article_6_4(generate_contract_document(draft, actor=people.staff))
    assert "dự toán được duyệt" not in unlinked and "kế hoạch thuê" not in unlinked
    db.session.commit()
    contract = linked(draft, approved_plan(people, [offering.service]))
    checked = article_6_4(generate_contract_document(contract, actor=people.staff))
    assert "không vượt giá trúng thầu và dự toán được duyệt" in checked


def test_an_amendment_says_within_the_estimate_only_when_its_total_was_checked(
        people, draft, offering):
    assert not within_estimate(draft, 1)  # no plan: nothing was checked
    contract = linked(draft, approved_plan(people, [offering.service]))
    budget = lease_budget(contract.plan)
    assert within_estimate(contract, budget) and not within_estimate(contract, budget + 1)
    sentence = "Giá hợp đồng sau điều chỉnh không vượt dự toán"
    for checked in (True, False):
        context = {**PREVIEW_AMENDMENT, "within_plan": checked}
        data = render_docx(template_path("nd224-2026", "amendment"), context)
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        assert any(sentence in t for t in texts) == checked
