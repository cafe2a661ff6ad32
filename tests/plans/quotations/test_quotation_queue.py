"""What requests for quotations put in the work queue: the vendor's requests to answer (marked
when the deadline is within 24 hours), the agency's closed requests waiting for a comparison;
one query a section."""
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from accounts import work
from catalog.services import get_service
from core.clock import today, utcnow
from extensions import db
from plans import services as plan_services
from plans.quotations import answers
from plans.quotations.models import QuotationChoice
from plans.quotations.queue import requests_to_answer, requests_to_compare
from tests.helpers import first_user, text
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request


@contextmanager
def counted():
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_vendor_sees_the_open_requests_it_has_not_answered(make_user, make_vendor,
                                                               client, login):
    staff = make_user("agency_staff", name="Sở Thông tin và Truyền thông Thử")
    v, w = make_vendor(), make_vendor()
    user = first_user(v)
    org, codes = staff.organisation, ("HT-001",)
    waiting = make_request(org, staff, codes, vendors=[v, w], hours=72, title="Cần trả lời")
    soon = make_request(org, staff, codes, vendors=[v], hours=10, title="Sắp hết hạn")
    answered = make_request(org, staff, codes, vendors=[v], title="Đã báo giá")
    declined = make_request(org, staff, codes, vendors=[v], title="Đã từ chối")
    closed = make_request(org, staff, codes, vendors=[v], hours=-1, title="Đã hết hạn")
    cancelled = make_request(org, staff, codes, vendors=[v], title="Đã hủy",
                             status="cancelled", cancelled_at=utcnow())
    others = make_request(org, staff, codes, vendors=[w], title="Mời nhà cung cấp khác")
    make_answer(answered, v, [1_000_000])
    make_answer(declined, v, [], status="declined", decline_reason="Không cung cấp")
    make_answer(waiting, w, [900_000])  # another vendor's answer changes nothing for V
    db.session.commit()
    assert user.organisation_id  # loaded: the count is of the section's own queries
    with counted() as statements:
        items = requests_to_answer(user)
    assert len(statements) == 1
    assert [i.link for i in items] == [f"/plans/quotations/{soon.id}/answer",
                                       f"/plans/quotations/{waiting.id}/answer"]
    assert [i.overdue for i in items] == [True, False]
    assert items[1].title == f"{waiting.code} – Cần trả lời (Sở Thông tin và Truyền thông Thử)"
    assert "hạn nhận báo giá" in items[1].note
    shown = " ".join(i.title for i in items)
    for absent in (answered, declined, closed, cancelled, others):
        assert absent.code not in shown
    assert [i.link for i in requests_to_answer(first_user(w))] == [
        f"/plans/quotations/{others.id}/answer"]  # W answered `waiting` already
    login(user)
    page = text(client.get("/accounts/work"))
    assert "Yêu cầu báo giá cần trả lời" in page and waiting.code in page
    assert f'href="/plans/quotations/{soon.id}/answer"' in page


def test_an_answer_takes_the_request_out_of_the_vendor_s_queue(make_user, make_vendor):
    staff = make_user("agency_staff")
    v = make_vendor()
    asked = make_request(staff.organisation, staff, ("HT-001",), vendors=[v])
    db.session.commit()
    user = first_user(v)
    assert len(requests_to_answer(user)) == 1
    answers.decline_request(asked, v, "Không cung cấp tại địa phương", actor=user)
    db.session.commit()
    assert requests_to_answer(user) == []


def test_the_agency_sees_its_closed_requests_waiting_for_a_choice(make_user, make_vendor,
                                                                  client, login):
    staff = make_user("agency_staff")
    approver = make_user("agency_approver", organisation=staff.organisation)
    drafter = make_user("legal_drafter", organisation=staff.organisation)
    elsewhere = make_user("agency_staff")
    v, w, x = make_vendor(), make_vendor(), make_vendor()
    org, codes = staff.organisation, ("HT-001",)
    waiting = make_request(org, staff, codes, vendors=[v, w, x], hours=-3, title="Chờ so sánh")
    make_answer(waiting, v, [1_000_000])
    make_answer(waiting, w, [1_100_000], late=True)
    make_answer(waiting, x, [], status="declined", decline_reason="Bận")
    chosen = make_request(org, staff, codes, vendors=[v], hours=-3, title="Đã chọn giá")
    still_open = make_request(org, staff, codes, vendors=[v], title="Còn hạn")
    cancelled = make_request(org, staff, codes, vendors=[v], hours=-3, title="Đã hủy",
                             status="cancelled", cancelled_at=utcnow() - timedelta(days=4))
    theirs = make_request(elsewhere.organisation, elsewhere, codes, vendors=[v], hours=-3)
    plan = plan_services.create_plan(org, plan_values("nd73-2019", [get_service("PM-001")]),
                                     actor=staff)
    db.session.add(QuotationChoice(request_line_id=chosen.lines[0].id, plan_id=plan.id,
                                   method="lowest", unit_price=1_000_000, vat_rate="10",
                                   chosen_by_id=staff.id))
    db.session.commit()
    for user in (staff, approver):
        assert user.organisation_id
        with counted() as statements:
            items = requests_to_compare(user)
        assert len(statements) == 1
        assert [i.link for i in items] == [f"/plans/quotations/{waiting.id}"]
        assert items[0].title == f"{waiting.code} – Chờ so sánh"
        assert items[0].note == "1 báo giá gửi đúng hạn"  # late and declined do not count
    shown = " ".join(i.title for i in requests_to_compare(staff))
    for absent in (chosen, still_open, cancelled, theirs):
        assert absent.code not in shown
    assert "quotations.to_compare" not in {s.key for s, _ in work.work_for(drafter).sections}
    login(approver)
    page = text(client.get("/accounts/work"))
    assert "Yêu cầu báo giá đã hết hạn, chờ so sánh" in page and waiting.code in page
    assert "1.000.000" not in page


def test_no_price_before_the_deadline_reaches_the_agency_s_queue(make_user, make_vendor):
    staff = make_user("agency_staff")
    v = make_vendor()
    asked = make_request(staff.organisation, staff, ("HT-001",), vendors=[v])
    answers.submit_answer(asked, v, [{"request_line_id": asked.lines[0].id,
                                      "unit_price": 3_456_789, "vat_rate": "10",
                                      "valid_until": today() + timedelta(days=30),
                                      "note": ""}], actor=first_user(v))
    db.session.commit()
    assert requests_to_compare(staff) == []
    assert all("3.456.789" not in item.title + item.note
               for _section, items in work.work_for(staff).sections for item in items)
