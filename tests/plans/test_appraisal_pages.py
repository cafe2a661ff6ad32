"""The road's pages (issue 15, points 1, 3 and 4): sending for appraisal, the appraiser's page
and its reach, the clocks and their warning, the approver's return and refusal, the notices
and e-mails of each move, the work queue."""
from datetime import date

from sqlalchemy import select

from accounts.models import Notice
from extensions import db
from plans import transitions
from plans.models import LeasePlan, PlanTransition
from tests.helpers import text
from tests.plans.plan_helpers import make_plan, send_through_appraisal

FRIDAY_BEFORE_TET = date(2026, 2, 13)  # received: opinion due 05/03/2026, documents 25/02/2026


def submitted(client, login, agency, plan_catalog, on_day, day=FRIDAY_BEFORE_TET):
    on_day(day)
    plan = make_plan(agency, plan_catalog)
    login(agency.staff)
    response = client.post(f"/plans/{plan.id}/submit", follow_redirects=True)
    assert "Đã gửi kế hoạch để thẩm định." in text(response)
    client.post("/accounts/logout")
    db.session.expire_all()
    return db.session.get(LeasePlan, plan.id)


def test_the_agency_sends_the_plan_and_its_page_shows_both_deadlines(
        client, login, agency, plan_catalog, on_day, appraiser):
    plan = submitted(client, login, agency, plan_catalog, on_day)
    login(agency.staff)
    page = text(client.get(f"/plans/{plan.id}"))
    assert "Chờ thẩm định" in page and "Sửa kế hoạch" not in page
    assert "Hạn thẩm định: 05/03/2026 (còn 20 ngày)" in page
    assert "Hạn yêu cầu bổ sung hồ sơ: 25/02/2026" in page
    assert "Gửi thẩm định" in page and agency.staff.name in page  # the history
    assert "deadline-warning" not in client.get(f"/plans/{plan.id}").get_data(as_text=True)
    again = client.post(f"/plans/{plan.id}/submit", follow_redirects=True)
    assert "Kế hoạch đã được gửi thẩm định bởi Cán bộ agency_staff lúc" in text(again)
    assert db.session.query(PlanTransition).count() == 1


def test_the_deadline_is_warned_about_three_days_before_and_once_passed(
        client, login, agency, plan_catalog, on_day, appraiser):
    plan = submitted(client, login, agency, plan_catalog, on_day)
    login(appraiser)
    for day, shown in ((date(2026, 3, 3), "Hạn thẩm định: 05/03/2026 (còn 2 ngày)"),
                       (date(2026, 3, 7), "Hạn thẩm định: 05/03/2026 (quá hạn 2 ngày)")):
        on_day(day)
        response = client.get(f"/plans/{plan.id}")
        assert shown in text(response)
        assert f'deadline-warning"><strong>{shown}' in response.get_data(as_text=True)
    queue = client.get("/accounts/work")
    assert "Kế hoạch chờ thẩm định" in text(queue) and "Quá hạn" in text(queue)
    assert "Hạn thẩm định: 05/03/2026 (quá hạn 2 ngày)" in text(queue)
    assert f'href="/plans/{plan.id}"' in queue.get_data(as_text=True)


def test_appraisers_read_a_plan_once_sent_and_only_within_their_reach(
        client, login, agency, plan_catalog, on_day, appraiser, province_appraisers):
    draft = make_plan(agency, plan_catalog)
    login(appraiser)
    assert client.get(f"/plans/{draft.id}").status_code == 404  # never sent: the agency's own
    plan = submitted(client, login, agency, plan_catalog, on_day)
    for user, status in ((appraiser, 200), (province_appraisers.same, 200),
                         (province_appraisers.other, 404)):
        login(user)
        assert client.get(f"/plans/{plan.id}").status_code == status, user.email
        assert client.get(f"/plans/{plan.id}/appraise").status_code == status, user.email
        if status == 200:
            assert client.get(f"/plans/{plan.id}/edit").status_code == 403
            assert client.get(f"/plans/{plan.id}/approve").status_code == 403
        client.post("/accounts/logout")
    login(agency.staff)
    assert client.get(f"/plans/{plan.id}/appraise").status_code == 403


def test_the_appraiser_asks_for_documents_and_the_agency_sees_the_request_and_resends(
        client, login, agency, plan_catalog, on_day, appraiser):
    plan = submitted(client, login, agency, plan_catalog, on_day)
    login(appraiser)
    page = text(client.get(f"/plans/{plan.id}/appraise"))
    assert "Thẩm định kế hoạch thuê" in page and "Hạn thẩm định: 05/03/2026" in page
    blank = client.post(f"/plans/{plan.id}/appraise", data={"decision": "supplement",
                                                            "opinion": ""})
    assert "Vui lòng ghi ý kiến thẩm định hoặc các hồ sơ cần bổ sung." in text(blank)
    done = client.post(f"/plans/{plan.id}/appraise", data={
        "decision": "supplement", "opinion": "Báo giá của 03 nhà cung cấp."},
        follow_redirects=True)
    assert "Đã gửi yêu cầu bổ sung hồ sơ" in text(done)
    client.post("/accounts/logout")
    login(agency.staff)
    page = text(client.get(f"/plans/{plan.id}"))
    assert "Bổ sung hồ sơ" in page and "Báo giá của 03 nhà cung cấp." in page
    assert "Sửa kế hoạch" in page and "Gửi lại hồ sơ đã bổ sung" in page
    queue = text(client.get("/accounts/work"))
    assert "Kế hoạch cần bổ sung hồ sơ" in queue
    assert "Hồ sơ cần bổ sung: Báo giá của 03 nhà cung cấp." in queue
    on_day(date(2026, 2, 20))
    again = client.post(f"/plans/{plan.id}/submit", follow_redirects=True)
    assert "Đã gửi lại hồ sơ đã bổ sung để thẩm định." in text(again)
    assert "Hạn thẩm định: 12/03/2026 (còn 20 ngày)" in text(again)  # restarted


def test_the_approver_returns_or_refuses_with_a_reason_and_a_refusal_is_final(
        client, login, agency, plan_catalog, appraiser):
    first = send_through_appraisal(make_plan(agency, plan_catalog), agency.staff, appraiser)
    second = send_through_appraisal(make_plan(agency, plan_catalog), agency.staff, appraiser)
    login(agency.approver)
    queue = text(client.get("/accounts/work"))
    assert "Kế hoạch đã thẩm định chờ phê duyệt (2)" in queue
    page = text(client.get(f"/plans/{first.id}/approve"))
    assert "Trả lại hoặc không phê duyệt" in page and "đủ nội dung theo quy định" in page
    blank = client.post(f"/plans/{first.id}/return", data={"reason": " "})
    assert "Vui lòng ghi lý do trả lại hoặc không phê duyệt." in text(blank)
    client.post(f"/plans/{first.id}/return", data={"reason": "Giảm thời gian thuê."})
    repeat = client.post(f"/plans/{first.id}/return", data={"reason": "Giảm thời gian thuê."})
    assert "Kế hoạch đã được trả lại bởi Cán bộ agency_approver lúc" in text(repeat)
    client.post(f"/plans/{second.id}/refuse", data={"reason": "Không bố trí được kinh phí."})
    db.session.expire_all()
    assert (db.session.get(LeasePlan, first.id).status,
            db.session.get(LeasePlan, second.id).status) == ("draft", "refused")
    page = text(client.get(f"/plans/{second.id}"))
    assert "Không phê duyệt" in page and "Không bố trí được kinh phí." in page
    locked = client.get(f"/plans/{second.id}/approve", follow_redirects=True)
    assert "đã có quyết định không phê duyệt nên không thể sửa" in text(locked)
    client.post("/accounts/logout")
    login(agency.staff)
    queue = text(client.get("/accounts/work"))
    assert "Kế hoạch bị trả lại kèm ý kiến" in queue and "Ý kiến: Giảm thời gian thuê." in queue


def test_a_plan_sent_for_appraisal_tells_the_appraisers_by_notice_and_e_mail(
        client, login, agency, plan_catalog, on_day, appraiser, province_appraisers,
        smtp_server):
    plan = submitted(client, login, agency, plan_catalog, on_day)
    row = db.session.scalar(select(PlanTransition).where(PlanTransition.plan_id == plan.id))
    notices = db.session.scalars(select(Notice).order_by(Notice.user_id)).all()
    assert [(n.user_id, n.kind, n.link, n.key) for n in notices] == [
        (user.id, "plan.appraisal_requested", f"/plans/{plan.id}",
         f"plan:{plan.id}:submit:{row.id}") for user in (appraiser, province_appraisers.same)]
    assert smtp_server.to(province_appraisers.other.email) == []
    [message] = smtp_server.to(appraiser.email)
    assert message["Subject"] == "Kế hoạch chờ thẩm định: Thuê dịch vụ công trực tuyến"
    body = smtp_server.text(message)
    assert f"http://localhost/plans/{plan.id}" in body
    assert "Hạn thẩm định: 05/03/2026 (còn 20 ngày)" in body
    assert "Hạn yêu cầu bổ sung hồ sơ: 25/02/2026" in body


def test_each_later_move_tells_the_agency_with_the_opinion_or_reason(
        client, login, agency, plan_catalog, on_day, appraiser, smtp_server):
    plan = submitted(client, login, agency, plan_catalog, on_day)
    login(appraiser)
    client.post(f"/plans/{plan.id}/appraise", data={"decision": "appraise",
                                                    "opinion": "Đủ điều kiện phê duyệt."})
    repeat = client.post(f"/plans/{plan.id}/appraise", data={"decision": "appraise",
                                                             "opinion": "Lần hai."})
    assert "Kế hoạch đã được thẩm định bởi Đỗ Thị Thẩm Định lúc" in text(repeat)
    client.post("/accounts/logout")
    login(agency.approver)
    client.post(f"/plans/{plan.id}/refuse", data={"reason": "Không bố trí được kinh phí."})
    kinds = {(n.user_id, n.kind) for n in db.session.scalars(select(Notice))}
    for user in (agency.staff, agency.approver):
        assert (user.id, "plan.appraised") in kinds
    assert (agency.staff.id, "plan.refused") in kinds
    assert (agency.approver.id, "plan.refused") not in kinds  # who refused is not told
    [appraised] = [m for m in smtp_server.to(agency.approver.email)
                   if m["Subject"].startswith("Kế hoạch đã có ý kiến thẩm định")]
    assert "Ý kiến thẩm định: Đủ điều kiện phê duyệt." in smtp_server.text(appraised)
    assert f"http://localhost/plans/{plan.id}" in smtp_server.text(appraised)
    [refused] = [m for m in smtp_server.to(agency.staff.email)
                 if m["Subject"].startswith("Kế hoạch không được phê duyệt")]
    assert "Lý do không phê duyệt: Không bố trí được kinh phí." in smtp_server.text(refused)
    moved = transitions.transitions_of(db.session.get(LeasePlan, plan.id))
    assert [m.action for m in moved] == ["submit", "appraise", "refuse"]
