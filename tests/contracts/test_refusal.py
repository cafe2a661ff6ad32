"""The approver approves, returns with a reason or refuses with a reason, for a contract and
for an amendment; a refusal is final and gives no number."""
from datetime import date

import pytest
from sqlalchemy import select

from accounts.models import Notice
from contracts.models import ContractAmendment, ContractTransition
from contracts.models.contract import Contract, ContractCounter
from contracts.services import amendments, lifecycle
from extensions import db
from tests.contracts.lifecycle_helpers import advance, share_and_confirm, switch
from tests.helpers import text

RETURN_REASON = "Đề nghị làm rõ căn cứ xác định đơn giá tại Điều 3."
REFUSAL = "Dự toán năm 2027 chưa được giao; không bố trí được kinh phí."


def post(client, path, action, **data):
    return client.post(f"{path}/lifecycle/{action}", data=data, follow_redirects=True)


def test_the_approver_returns_a_contract_with_a_required_reason(client, login, people, contract):
    advance(contract, people, "confirmed")
    path = f"/contracts/{contract.id}"
    login(people.approver)
    page = text(client.get(path))
    assert "Trả lại, yêu cầu chỉnh sửa" in page and "Không phê duyệt" in page
    assert "Vui lòng ghi lý do trả lại để chỉnh sửa." in text(
        post(client, path, "approver_return", comment=""))
    db.session.expire_all()
    assert contract.status == "review"
    response = post(client, path, "approver_return", comment=RETURN_REASON)
    assert "Đã trả lại để chỉnh sửa." in text(response)
    db.session.expire_all()
    assert contract.status == "draft" and contract.number is None
    assert contract.lifecycle.legal_cleared_at is None and not contract.lifecycle.shared
    move = db.session.scalars(select(ContractTransition).order_by(
        ContractTransition.id.desc())).first()
    assert (move.action, move.comment) == ("approver_return", RETURN_REASON)
    switch(client, login, people.staff)
    assert RETURN_REASON in text(client.get(path))
    assert "theo ý kiến của người phê duyệt" in text(post(client, path, "submit"))
    switch(client, login, people.vendor)
    assert RETURN_REASON not in text(client.get(path))  # the approver's reasons are internal
    notice = db.session.scalar(select(Notice).where(Notice.user_id == people.staff.id,
                                                    Notice.kind == "contract.returned"))
    assert RETURN_REASON in notice.body


def test_a_refused_contract_is_final_and_uses_no_number(client, login, people, contract):
    advance(contract, people, "confirmed")
    path = f"/contracts/{contract.id}"
    login(people.approver)
    assert "Vui lòng ghi lý do không phê duyệt." in text(post(client, path, "refuse",
                                                              comment=" "))
    response = text(post(client, path, "refuse", comment=REFUSAL))
    assert "Đã ghi nhận không phê duyệt." in response and "Không phê duyệt" in response
    db.session.expire_all()
    assert contract.status == "refused" and contract.number is None
    assert db.session.scalar(select(ContractCounter)) is None
    again = text(post(client, path, "refuse", comment=REFUSAL))
    assert f"Hợp đồng đã được từ chối phê duyệt bởi {people.approver.name} lúc" in again
    assert "Không thể phê duyệt hợp đồng đang ở trạng thái “Không phê duyệt”" in text(
        post(client, path, "approve"))
    assert lifecycle.available_actions(people.approver, contract) == []
    assert lifecycle.available_actions(people.staff, contract) == []
    switch(client, login, people.staff)
    page = text(client.get(path))
    assert REFUSAL in page
    assert "Gửi rà soát pháp lý</button>" not in page and "Phê duyệt</button>" not in page
    assert client.get(f"{path}/wizard/parties").status_code == 404
    creator = db.session.scalar(select(Notice).where(Notice.user_id == people.staff.id,
                                                     Notice.kind == "contract.returned"))
    assert creator.title.startswith("Không phê duyệt:") and REFUSAL in creator.body
    # The vendor sees the state, never the reason, and is not told of it.
    switch(client, login, people.vendor)
    page = text(client.get(path))
    assert "Không phê duyệt" in page and REFUSAL not in page
    assert db.session.scalar(select(Notice).where(Notice.user_id == people.vendor.id,
                                                  Notice.kind == "contract.returned")) is None


def test_only_the_approver_returns_or_refuses_and_only_once_confirmed(client, login, people,
                                                                      contract):
    advance(contract, people, "cleared")
    path = f"/contracts/{contract.id}"
    login(people.approver)
    assert ("Chưa thể từ chối phê duyệt: hợp đồng chưa được nhà cung cấp xác nhận dự thảo."
            in text(post(client, path, "refuse", comment=REFUSAL)))
    share_and_confirm(contract, people)
    db.session.commit()
    switch(client, login, people.staff)
    assert client.post(f"{path}/lifecycle/refuse", data={"comment": REFUSAL}).status_code == 403
    switch(client, login, people.vendor)
    assert client.post(f"{path}/lifecycle/approver_return",
                       data={"comment": REFUSAL}).status_code == 403
    db.session.expire_all()
    assert contract.status == "review"


def _amendment_awaiting_approval(client, people, signed) -> ContractAmendment:
    amendment = amendments.start_amendment(signed, actor=people.staff, today=date(2026, 11, 21))
    terms = amendments.current_terms(signed)
    terms["special_clauses"] = "Bên B bố trí thêm một kỹ sư trực hỗ trợ trong giờ hành chính."
    amendments.save_amendment(amendment, {"reason": "Tăng số người dùng.", "place": "Hà Nội",
                                          "amendment_date": date(2026, 11, 21), **terms},
                              actor=people.staff)
    amendments.generate_amendment_document(amendment, actor=people.staff)
    db.session.commit()
    for step in (lambda: lifecycle.submit(signed, actor=people.staff, amendment=amendment),
                 lambda: lifecycle.clear_legally(signed, actor=people.legal, amendment=amendment),
                 lambda: share_and_confirm(signed, people, amendment)):
        step()
        db.session.commit()
    return amendment


@pytest.mark.parametrize("action, reason, status", [
    ("approver_return", RETURN_REASON, "draft"), ("refuse", REFUSAL, "refused")])
def test_the_approver_returns_or_refuses_an_amendment_with_a_reason(
        client, login, people, signed, action, reason, status):
    amendment = _amendment_awaiting_approval(client, people, signed)
    path = f"/contracts/{signed.id}/amendments/{amendment.number}"
    switch(client, login, people.approver)
    assert "Vui lòng ghi lý do" in text(post(client, path, action, comment=""))
    response = text(post(client, path, action, comment=reason))
    assert reason in response
    db.session.expire_all()
    amendment = db.session.get(ContractAmendment, amendment.id)
    assert amendment.status == status
    assert db.session.get(Contract, signed.id).status == "signed"  # the contract is untouched
    assert amendment.is_open is (status == "draft")
    switch(client, login, people.vendor)
    assert reason not in text(client.get(path))


def test_a_refused_amendment_is_closed_and_the_next_one_may_be_opened(
        client, login, people, signed):
    amendment = _amendment_awaiting_approval(client, people, signed)
    lifecycle.refuse(signed, REFUSAL, actor=people.approver, amendment=amendment)
    db.session.commit()
    assert amendments.open_amendment(signed) is None
    with pytest.raises(lifecycle.LifecycleError, match="đã được từ chối phê duyệt bởi"):
        lifecycle.refuse(signed, REFUSAL, actor=people.approver, amendment=amendment)
    db.session.rollback()
    second = amendments.start_amendment(signed, actor=people.staff, today=date(2026, 11, 22))
    db.session.commit()
    assert second.number == 2 and amendments.open_amendment(signed).id == second.id
    assert db.session.get(ContractAmendment, amendment.id).status_label == "Không phê duyệt"
