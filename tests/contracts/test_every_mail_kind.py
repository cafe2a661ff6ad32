"""Every kind of notice the application declares reaches its people by e-mail through a real
SMTP server: walked here through the services the pages call (a contract's road and its
refusal, a plan's road and its refusal, a period reported, accepted, invoiced and paid, the
daily reminders, a vendor registered), then each e-mail is checked against its notice: the
recipient, the subject and the link."""
from datetime import timedelta

from sqlalchemy import select

from accounts import notices
from accounts.models import MailOutbox, Notice, User
from core.clock import utcnow
from contracts.services import acceptance, lifecycle, payments, period_reports
from extensions import db
from plans import estimate as plan_estimate
from plans import services as plan_services
from plans import transitions
from plans.quotations import answers, requests
from tests.contracts.lifecycle_helpers import advance, make_contract
from tests.helpers import MINIMAL_PDF, first_user
from tests.plans.plan_helpers import line_dicts, operator_appraiser, plan_values
from vendors import queue as vendor_queue


def walk_the_contracts(client, login, people, contract, offering) -> None:
    advance(contract, people, "confirmed")  # review, cleared, shared, confirmed
    lifecycle.refuse(contract, "Không bố trí được kinh phí.", actor=people.approver)
    db.session.commit()
    second = make_contract(client, login, people, offering)
    advance(second, people, "approved")


def walk_the_plans(people) -> None:
    appraiser = operator_appraiser()
    db.session.commit()

    def plan(title):
        made = plan_services.create_plan(
            people.staff.organisation, plan_values("nd224-2026", [people.service], title=title),
            actor=people.staff)
        plan_estimate.save_estimate(made, line_dicts(), "combination", "", actor=people.staff)
        db.session.commit()
        return made

    first = plan("Kế hoạch thuê thứ nhất")
    for step in (lambda: transitions.submit_plan(first, actor=people.staff),
                 lambda: transitions.request_supplement(first, "Bảng báo giá.", actor=appraiser),
                 lambda: transitions.submit_plan(first, actor=people.staff),
                 lambda: transitions.return_with_opinion(first, "Sửa dự toán.", actor=appraiser),
                 lambda: transitions.submit_plan(first, actor=people.staff),
                 lambda: transitions.record_opinion(first, "Đủ điều kiện.", actor=appraiser),
                 lambda: plan_services.approve_plan(first, "9/QĐ", first.plan_date,
                                                    actor=people.approver)):
        step()
        db.session.commit()
    second = plan("Kế hoạch thuê thứ hai")
    for step in (lambda: transitions.submit_plan(second, actor=people.staff),
                 lambda: transitions.record_opinion(second, "Đủ điều kiện.", actor=appraiser),
                 lambda: transitions.refuse_plan(second, "Không có kinh phí.",
                                                 actor=people.approver)):
        step()
        db.session.commit()


def walk_a_period(active, today) -> None:
    contract, owner, vendor = active["contract"], active["owner"], active["vendor"]
    results = [{"measured": "99,9%", "met": True}] * len(contract.service_levels)
    period_reports.submit_report(contract, 2, results, "", "", None, None, actor=vendor)
    db.session.commit()
    record = acceptance.record_acceptance(contract, 2, results, 0, "", today, "", actor=owner)
    db.session.commit()
    period_reports.upload_invoice(record, "HD-01", today, record.accepted_amount, MINIMAL_PDF,
                                  "hoa-don.pdf", actor=vendor)
    db.session.commit()
    payments.record_payment(record, record.accepted_amount, today, "UNC-01", actor=owner)
    db.session.commit()


def walk_a_request_for_quotations(people, offering, today) -> None:
    """Invited, extended, answered, cancelled."""
    vendor = offering.vendor
    asked = requests.create_request(people.staff.organisation, {
        "title": "Báo giá chỗ đặt máy chủ", "place": "Hà Nội",
        "deadline": utcnow() + timedelta(days=3), "vendor_ids": [vendor.id],
        "lines": [{"service_id": offering.service_id, "unit": offering.service.unit,
                   "quantity": 1, "months": 12}]}, actor=people.staff)
    db.session.commit()
    requests.extend_deadline(asked, asked.deadline + timedelta(days=2), actor=people.staff)
    db.session.commit()
    answers.submit_answer(asked, vendor, [{
        "request_line_id": asked.lines[0].id, "unit_price": 2_400_000, "vat_rate": "10",
        "valid_until": today + timedelta(days=60), "note": ""}], actor=first_user(vendor))
    db.session.commit()
    requests.cancel_request(asked, "Điều chỉnh kế hoạch thuê.", actor=people.staff)
    db.session.commit()


def test_every_kind_of_notice_is_e_mailed_with_its_subject_and_link(
        client, login, runner, people, contract, offering, active, today, make_user,
        make_vendor, make_certification, smtp_server):
    people.service = offering.service
    walk_the_contracts(client, login, people, contract, offering)
    walk_the_plans(people)
    walk_a_period(active, today)
    walk_a_request_for_quotations(people, offering, today)
    make_user("admin")
    vendor_queue.tell_admins_of(make_vendor("pending", legal_name="Công ty Mới Đăng Ký"))
    db.session.commit()
    make_certification(offering.vendor, expires_in=10, number="SAP-HET")
    assert runner.invoke(args=["contracts", "remind", "--days", "3650"]).exit_code == 0
    assert runner.invoke(args=["vendors", "expiring"]).exit_code == 0

    rows = list(db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)))
    assert {row.kind for row in rows} == set(notices.KINDS)
    for row in rows:
        user = db.session.get(User, row.user_id)
        notice = db.session.scalar(select(Notice).where(Notice.user_id == user.id,
                                                        Notice.key == row.key))
        assert row.sent_at is not None and row.recipient == user.email
        link = f"http://localhost{notice.link}"
        found = [m for m in smtp_server.to(user.email)
                 if m["Subject"] == notice.title and link in smtp_server.text(m)]
        assert notice.link.startswith("/") and found, (row.kind, notice.title, link)
        body = smtp_server.text(found[0])
        assert f"Kính gửi {user.name}" in body
