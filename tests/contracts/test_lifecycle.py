"""A contract from draft to expiry or termination: who may move it, when, and what is kept."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from contracts.models.lifecycle import ContractLifecycle, ContractTransition
from contracts.services import lifecycle
from contracts.services.wizard import ContractError, save_parties
from core import clock
from extensions import db
from tests.contracts.lifecycle_helpers import advance, make_contract, share_and_confirm, switch
from tests.contracts.wizard_helpers import TERM
from tests.helpers import text

SIGNATORIES = {"a_name": "Nguyễn Văn Minh", "a_position": "Giám đốc",
               "b_name": "Trần Thị Lan", "b_position": "Tổng Giám đốc"}


def post(client, contract, action, **data):
    return client.post(f"/contracts/{contract.id}/lifecycle/{action}", data=data,
                       follow_redirects=True)


def rows(contract) -> list[tuple]:
    return [(t.action, t.from_status, t.to_status, t.actor_id, t.comment) for t in
            db.session.scalars(select(ContractTransition).where(
                ContractTransition.contract_id == contract.id).order_by(ContractTransition.id))]


def test_the_whole_road_through_the_pages_records_each_transition_and_audit_event(
        client, login, people, contract, on_day):
    on_day(date(2026, 11, 20))  # the contract's date: it is signed that day
    login(people.staff)
    assert post(client, contract, "submit").status_code == 200
    switch(client, login, people.legal)
    response = post(client, contract, "clear", comment="Căn cứ pháp lý đầy đủ.")
    assert response.status_code == 200
    assert "Đang rà soát pháp lý – đã rà soát pháp lý" in text(response)
    switch(client, login, people.staff)
    assert "Đã gửi nhà cung cấp xác nhận dự thảo." in text(post(client, contract, "share"))
    switch(client, login, people.vendor)
    assert "Đã xác nhận dự thảo." in text(post(client, contract, "confirm"))
    switch(client, login, people.approver)
    assert "Đã phê duyệt" in text(post(client, contract, "approve"))
    switch(client, login, people.staff)
    assert client.get(f"/contracts/{contract.id}/lifecycle/sign").status_code == 200
    response = client.post(f"/contracts/{contract.id}/lifecycle/sign", follow_redirects=True,
                           data={"signed_on": clock.today().isoformat(), **SIGNATORIES})
    assert response.status_code == 200 and "Đã ghi nhận ký kết." in text(response)
    assert "Trần Thị Lan – Tổng Giám đốc" in text(response)
    assert "Đang thực hiện" in text(post(client, contract, "activate"))
    db.session.expire_all()
    assert contract.status == "active"
    ids = people
    assert [r[:4] for r in rows(contract)] == [
        ("submit", "draft", "review", ids.staff.id), ("clear", "review", "review", ids.legal.id),
        ("share", "review", "review", ids.staff.id),
        ("confirm", "review", "review", ids.vendor.id),
        ("approve", "review", "approved", ids.approver.id),
        ("sign", "approved", "signed", ids.staff.id),
        ("activate", "signed", "active", ids.staff.id)]
    record = db.session.get(ContractLifecycle, contract.id)
    assert record.legal_cleared_by_id == people.legal.id and record.legal_cleared_at
    assert record.shared_by_id == people.staff.id and record.vendor_since
    assert record.vendor_confirmed_by_id == people.vendor.id and record.vendor_confirmed_at
    assert record.signed_on == clock.today() and record.activated_on == date(2026, 11, 20)
    assert record.signatories == {"a": {"name": "Nguyễn Văn Minh", "position": "Giám đốc"},
                                  "b": {"name": "Trần Thị Lan", "position": "Tổng Giám đốc"}}
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "contract", AuditEvent.object_id == str(contract.id))))
    assert {"contract.submit", "contract.clear", "contract.share", "contract.confirm",
            "contract.approve", "contract.sign", "contract.activate"} <= actions


def test_submitting_is_refused_until_a_document_has_been_generated(client, login, people,
                                                                   offering):
    contract = make_contract(client, login, people, offering, generate=False)
    login(people.staff)
    response = post(client, contract, "submit")
    assert response.status_code == 200
    assert "Chưa tạo văn bản hợp đồng" in text(response)
    db.session.expire_all()
    assert contract.status == "draft" and rows(contract) == []


@pytest.mark.parametrize("role, status", [("legal", 403), ("vendor", 404)])
def test_only_agency_staff_or_approvers_submit_others_are_refused(client, login, people,
                                                                  contract, role, status):
    # The operator's legal drafter sees the draft but may not submit it; the vendor does
    # not see a draft at all until the agency shares it.
    login(getattr(people, role))
    assert client.post(f"/contracts/{contract.id}/lifecycle/submit").status_code == status
    db.session.expire_all()
    assert contract.status == "draft"


def test_users_of_another_agency_get_404_on_every_lifecycle_route(
        client, login, people, contract):
    login(people.outsider_legal)
    for action in ("submit", "clear", "return", "approve", "activate", "expire"):
        assert client.post(f"/contracts/{contract.id}/lifecycle/{action}").status_code == 404
    assert client.get(f"/contracts/{contract.id}/lifecycle/sign").status_code == 404
    assert client.get(f"/contracts/{contract.id}/lifecycle/terminate").status_code == 404


def test_returning_to_draft_requires_a_comment_which_is_kept_and_shown(client, login, people,
                                                                       contract):
    advance(contract, people, "review")
    login(people.legal)
    response = post(client, contract, "return", comment="  ")
    assert response.status_code == 200
    assert "Vui lòng ghi ý kiến rà soát khi trả lại để chỉnh sửa." in text(response)
    db.session.expire_all()
    assert contract.status == "review"
    comment = "Điều 6 chưa dẫn Thông tư 23/2020/TT-BTTTT; đề nghị bổ sung."
    response = post(client, contract, "return", comment=comment)
    assert "Ý kiến rà soát pháp lý" in text(response) and comment in text(response)
    db.session.expire_all()
    assert contract.status == "draft"
    assert rows(contract)[-1] == ("return", "review", "draft", people.legal.id, comment)
    switch(client, login, people.staff)
    assert comment in text(client.get(f"/contracts/{contract.id}"))
    assert client.get(f"/contracts/{contract.id}/wizard/parties").status_code == 200
    assert "Hãy tạo lại văn bản hợp đồng" in text(post(client, contract, "submit"))
    client.post(f"/contracts/{contract.id}/generate")
    assert "Đã gửi rà soát pháp lý." in text(post(client, contract, "submit"))
    db.session.expire_all()
    assert contract.status == "review"


def test_an_operator_legal_drafter_may_clear_an_agency_contract(client, login, people, contract):
    advance(contract, people, "review")
    login(people.operator_legal)
    assert post(client, contract, "clear").status_code == 200
    record = db.session.get(ContractLifecycle, contract.id)
    db.session.refresh(record)
    assert record.legal_cleared_by_id == people.operator_legal.id


def test_approval_is_refused_before_legal_clearance(client, login, people, contract):
    advance(contract, people, "review")
    login(people.approver)
    response = post(client, contract, "approve")
    assert response.status_code == 200
    assert "chưa được cán bộ pháp chế xác nhận rà soát pháp lý" in text(response)
    db.session.expire_all()
    assert contract.status == "review"


def test_agency_staff_cannot_approve_and_get_403(client, login, people, contract):
    advance(contract, people, "cleared")
    login(people.staff)
    assert client.post(f"/contracts/{contract.id}/lifecycle/approve").status_code == 403


@pytest.mark.parametrize("action, user, state", [
    ("activate", "staff", "Bản nháp"),
    ("approve", "approver", "Bản nháp"),
    ("clear", "legal", "Bản nháp"),
    ("expire", "staff", "Bản nháp"),
])
def test_a_refused_transition_names_the_current_state(client, login, people, contract, action,
                                                      user, state):
    login(getattr(people, user))
    response = post(client, contract, action)
    assert response.status_code == 200
    assert f"đang ở trạng thái “{state}”" in text(response)
    db.session.expire_all()
    assert contract.status == "draft" and rows(contract) == []


def test_clearing_twice_is_refused_naming_who_cleared_it_and_when(app, people, contract):
    advance(contract, people, "cleared")
    cleared = lifecycle.transitions_of(contract)[-1]
    with pytest.raises(lifecycle.LifecycleError) as refused:
        lifecycle.clear_legally(contract, actor=people.operator_legal)
    assert str(refused.value) == (
        f"Hợp đồng đã được xác nhận rà soát pháp lý bởi {cleared.actor.name} lúc "
        f"{clock.vietnam_time(cleared.created_at)}.")


def test_a_state_reached_otherwise_names_the_state_not_a_person(app, people, contract):
    advance(contract, people, "approved")  # approved, never signed: "sign" did not put it here
    with pytest.raises(lifecycle.LifecycleError, match="đang ở trạng thái “Đã phê duyệt”"):
        lifecycle.submit(contract, actor=people.staff)


def test_submitting_a_signed_contract_again_is_refused(app, people, contract):
    advance(contract, people, "signed")
    with pytest.raises(lifecycle.LifecycleError, match="trạng thái “Đã ký”"):
        lifecycle.submit(contract, actor=people.staff)


def test_a_signed_contract_can_no_longer_be_edited_nor_generated(client, login, people,
                                                                 contract):
    advance(contract, people, "signed")
    login(people.staff)
    base = f"/contracts/{contract.id}"
    assert client.get(f"{base}/wizard/parties").status_code == 404
    assert client.post(f"{base}/wizard/parties", data={"party_a-name": "Khác"}).status_code == 404
    assert client.post(f"{base}/generate").status_code == 404
    page = text(client.get(base))
    assert "Tiếp tục soạn" not in page and "Xem lại và tạo văn bản" not in page
    with pytest.raises(ContractError):
        save_parties(contract, {"name": "Khác"}, {"name": "Khác"}, actor=people.staff)


def test_signing_needs_both_signatories_and_a_date_not_in_the_future(client, login, people,
                                                                     contract):
    advance(contract, people, "approved")
    login(people.staff)
    page = text(client.get(f"/contracts/{contract.id}/lifecycle/sign"))
    assert "Nguyễn Văn Minh" in page and "Tổng Giám đốc" in page  # pre-filled from the parties
    response = client.post(f"/contracts/{contract.id}/lifecycle/sign", data={
        "signed_on": (clock.today() + timedelta(days=30)).isoformat(), **SIGNATORIES,
        "b_name": ""})
    assert response.status_code == 200
    assert "không được sau ngày hôm nay." in text(response)
    assert "Vui lòng nhập trường này." in text(response)
    db.session.expire_all()
    assert contract.status == "approved"


def test_the_vendor_cannot_record_the_signing(client, login, people, contract):
    advance(contract, people, "approved")
    login(people.vendor)
    assert client.get(f"/contracts/{contract.id}/lifecycle/sign").status_code == 403


def test_putting_into_use_waits_for_the_start_date(client, login, people, contract,
                                                   on_day):
    advance(contract, people, "signed")
    login(people.staff)
    on_day(date(2026, 8, 31))
    response = post(client, contract, "activate")
    assert "Chưa đến ngày bắt đầu thời gian thuê (01/09/2026)" in text(response)
    db.session.expire_all()
    assert contract.status == "signed"
    on_day(date(2026, 9, 1))
    assert "Đã đưa hợp đồng vào sử dụng." in text(post(client, contract, "activate"))
    db.session.expire_all()
    assert contract.status == "active"


def test_expire_due_marks_only_active_contracts_whose_lease_has_ended(
        client, login, people, offering, contract):
    advance(contract, people, "active")  # 60 months from 01/09/2026: last day 31/08/2031
    later = make_contract(client, login, people, offering, term={**TERM, "months": "72"})
    advance(later, people, "active")
    assert lifecycle.expire_due(date(2031, 8, 31)) == []
    assert [c.id for c in lifecycle.expire_due(date(2031, 9, 1))] == [contract.id]
    db.session.commit()
    db.session.expire_all()
    assert (contract.status, later.status) == ("expired", "active")
    last = rows(contract)[-1]
    assert last[:4] == ("expire", "active", "expired", None) and "31/08/2031" in last[4]
    assert db.session.get(ContractLifecycle, contract.id).ended_on == date(2031, 9, 1)


def test_the_expire_due_command_reports_what_it_expired(runner, people, contract):
    advance(contract, people, "active")
    result = runner.invoke(args=["contracts", "expire-due", "--today", "2031-09-02"])
    assert result.exit_code == 0, result.output
    assert f"Hết hạn: hợp đồng {contract.number}" in result.output
    assert "Đã ghi nhận hết hạn 1 hợp đồng." in result.output
    db.session.expire_all()
    assert contract.status == "expired"


def test_the_agency_may_mark_expiry_only_after_the_last_day(
        client, login, people, contract, on_day):
    advance(contract, people, "active")
    login(people.staff)
    on_day(date(2031, 8, 31))
    assert "kéo dài đến hết ngày 31/08/2031" in text(post(client, contract, "expire"))
    on_day(date(2031, 9, 1))
    assert "Đã ghi nhận hợp đồng hết hạn." in text(post(client, contract, "expire"))
    db.session.expire_all()
    assert contract.status == "expired"


@pytest.mark.parametrize("state", ["signed", "active"])
def test_termination_asks_for_confirmation_and_a_reason(client, login, people, contract, state):
    advance(contract, people, state)
    login(people.approver)
    url = f"/contracts/{contract.id}/lifecycle/terminate"
    page = client.get(url)
    assert page.status_code == 200
    assert "không hoàn tác được" in text(page) and "Xác nhận chấm dứt hợp đồng" in text(page)
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 200
    assert "Vui lòng ghi lý do chấm dứt hợp đồng." in text(response)
    db.session.expire_all()
    assert contract.status == state
    reason = "Bên B vi phạm nghiêm trọng cam kết an toàn thông tin."
    response = client.post(url, data={"reason": reason}, follow_redirects=True)
    assert response.status_code == 200 and "Đã chấm dứt" in text(response)
    db.session.expire_all()
    assert contract.status == "terminated"
    assert rows(contract)[-1] == ("terminate", state, "terminated", people.approver.id, reason)


def test_termination_is_for_the_approver_and_only_from_signed_or_active(client, login, people,
                                                                        contract):
    login(people.approver)
    response = client.get(f"/contracts/{contract.id}/lifecycle/terminate",
                          follow_redirects=True)
    assert "Không thể chấm dứt hợp đồng đang ở trạng thái “Bản nháp”." in text(response)
    advance(contract, people, "signed")
    switch(client, login, people.staff)
    assert client.get(f"/contracts/{contract.id}/lifecycle/terminate").status_code == 403
    assert client.post(f"/contracts/{contract.id}/lifecycle/terminate",
                       data={"reason": "x"}).status_code == 403


def test_the_vendor_sees_the_state_but_not_the_legal_comments_nor_the_history(
        client, login, people, contract):
    lifecycle.submit(contract, actor=people.staff)
    lifecycle.clear_legally(contract, actor=people.legal,
                            comment="Thiếu căn cứ kết quả lựa chọn nhà thầu, đã bổ sung.")
    share_and_confirm(contract, people)
    db.session.commit()  # each request moves it once (and its e-mails leave at its commit)
    lifecycle.approve(contract, actor=people.approver)
    db.session.commit()
    login(people.vendor)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert "Đã phê duyệt" in page
    assert "Thiếu căn cứ" not in page and "Lịch sử thay đổi" not in page


def test_every_lifecycle_form_carries_a_csrf_token_and_a_post_without_it_is_400(
        client, login, people, contract, app):
    login(people.staff)
    app.config["WTF_CSRF_ENABLED"] = True
    page = text(client.get(f"/contracts/{contract.id}"))
    form = page[page.index(f'action="/contracts/{contract.id}/lifecycle/submit"'):]
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(f"/contracts/{contract.id}/lifecycle/submit").status_code == 400
    response = client.post(f"/contracts/{contract.id}/lifecycle/submit",
                           data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert contract.status == "review"
