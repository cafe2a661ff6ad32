"""The vendor's side of a contract before signing: its list from the moment a draft is shared,
confirming the draft or returning it with comments, never another vendor's contract nor the
agency's internal comments."""
from sqlalchemy import select

from accounts.models import Notice
from contracts.models.lifecycle import ContractLifecycle, ContractTransition
from contracts.services import lifecycle
from extensions import db
from tests.contracts.lifecycle_helpers import advance, switch
from tests.helpers import first_user, text

LEGAL_COMMENT = "Điều 4 cần dẫn Nghị định 73/2019/NĐ-CP."
VENDOR_COMMENT = "Đề nghị sửa mức phạt tại Điều 9 thành 8% giá trị phần vi phạm."


def post(client, contract, action, **data):
    return client.post(f"/contracts/{contract.id}/lifecycle/{action}", data=data,
                       follow_redirects=True)


def actions(contract) -> list[str]:
    return list(db.session.scalars(select(ContractTransition.action).where(
        ContractTransition.contract_id == contract.id).order_by(ContractTransition.id)))


def test_the_vendor_lists_its_contracts_only_once_a_draft_is_shared(
        client, login, people, contract, make_vendor):
    advance(contract, people, "cleared")
    login(people.vendor)
    page = text(client.get("/contracts/"))
    assert "Chưa có hợp đồng nào" in page and contract.display_title not in page
    assert client.get(f"/contracts/{contract.id}").status_code == 404
    lifecycle.share(contract, actor=people.staff)
    db.session.commit()
    page = text(client.get("/contracts/"))
    assert contract.display_title in page and "chờ nhà cung cấp xác nhận" in page
    assert contract.party_a["name"] in page  # the agency, for the vendor
    response = client.get(f"/contracts/{contract.id}")
    assert response.status_code == 200 and "Xác nhận dự thảo" in text(response)
    [document] = lifecycle.storage.documents_of("contract", contract.id)
    assert client.get(f"/contracts/{contract.id}/documents/{document.id}").status_code == 200


def test_another_vendor_never_sees_nor_moves_the_contract(client, login, people, contract,
                                                          make_vendor):
    advance(contract, people, "shared")
    other = first_user(make_vendor(legal_name="Công ty TNHH Khác"))
    login(other)
    assert "Chưa có hợp đồng nào" in text(client.get("/contracts/"))
    assert client.get(f"/contracts/{contract.id}").status_code == 404
    assert client.post(f"/contracts/{contract.id}/lifecycle/confirm").status_code == 404
    [document] = lifecycle.storage.documents_of("contract", contract.id)
    assert client.get(f"/contracts/{contract.id}/documents/{document.id}").status_code == 404
    db.session.expire_all()
    assert not db.session.get(ContractLifecycle, contract.id).vendor_confirmed


def test_the_vendor_confirms_the_shared_draft_once_and_the_approver_may_then_approve(
        client, login, people, contract):
    advance(contract, people, "shared")
    login(people.vendor)
    assert "Đã xác nhận dự thảo." in text(post(client, contract, "confirm"))
    again = text(post(client, contract, "confirm"))
    assert f"Hợp đồng đã được xác nhận dự thảo bởi {people.vendor.name} lúc" in again
    record = db.session.get(ContractLifecycle, contract.id)
    db.session.refresh(record)
    assert record.vendor_confirmed_by_id == people.vendor.id and record.vendor_confirmed_at
    assert actions(contract) == ["submit", "clear", "share", "confirm"]
    switch(client, login, people.approver)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert f"Đã xác nhận dự thảo bởi {people.vendor.name}" in page
    assert "Đã phê duyệt" in text(post(client, contract, "approve"))


def test_approval_is_refused_until_the_vendor_confirms(client, login, people, contract):
    advance(contract, people, "cleared")
    login(people.approver)
    assert ">Phê duyệt</button>" not in text(client.get(f"/contracts/{contract.id}"))
    response = text(post(client, contract, "approve"))
    assert "Chưa thể phê duyệt: hợp đồng chưa được nhà cung cấp xác nhận dự thảo." in response
    switch(client, login, people.staff)
    post(client, contract, "share")
    switch(client, login, people.approver)
    response = text(post(client, contract, "approve"))
    assert "chưa được nhà cung cấp xác nhận dự thảo" in response
    db.session.expire_all()
    assert contract.status == "review" and contract.number is None


def test_the_agency_shares_only_a_cleared_draft_and_only_the_vendor_confirms(
        client, login, people, contract):
    advance(contract, people, "review")
    login(people.staff)
    response = text(post(client, contract, "share"))
    assert "Chưa thể gửi nhà cung cấp xác nhận: hợp đồng chưa được cán bộ pháp chế" in response
    lifecycle.clear_legally(contract, actor=people.legal)
    db.session.commit()
    assert client.post(f"/contracts/{contract.id}/lifecycle/confirm").status_code == 403
    assert "Đã gửi nhà cung cấp xác nhận dự thảo." in text(post(client, contract, "share"))
    assert "Hợp đồng đã được gửi nhà cung cấp xác nhận bởi" in text(post(client, contract,
                                                                         "share"))


def test_the_vendor_returns_the_draft_with_a_required_comment_the_agency_reads_it(
        client, login, people, contract):
    advance(contract, people, "shared")
    login(people.vendor)
    response = text(post(client, contract, "vendor_return", comment="   "))
    assert "Vui lòng ghi ý kiến của nhà cung cấp khi trả lại dự thảo." in response
    db.session.expire_all()
    assert contract.status == "review"
    response = text(post(client, contract, "vendor_return", comment=VENDOR_COMMENT))
    assert "Đã trả lại dự thảo kèm ý kiến." in response and VENDOR_COMMENT in response
    db.session.expire_all()
    assert contract.status == "draft"
    record = db.session.get(ContractLifecycle, contract.id)
    assert not (record.legal_cleared or record.shared or record.vendor_confirmed)
    [move] = [t for t in db.session.scalars(select(ContractTransition)) if t.comment]
    assert (move.action, move.actor_id, move.comment) == ("vendor_return", people.vendor.id,
                                                          VENDOR_COMMENT)
    # The vendor still sees the contract it returned.
    assert client.get(f"/contracts/{contract.id}").status_code == 200
    assert contract.display_title in text(client.get("/contracts/"))
    switch(client, login, people.staff)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert VENDOR_COMMENT in page and "Trả lại kèm ý kiến" in page
    response = text(post(client, contract, "submit"))
    assert "sau khi chỉnh sửa theo ý kiến của nhà cung cấp" in response
    client.post(f"/contracts/{contract.id}/generate")
    assert "Đã gửi rà soát pháp lý." in text(post(client, contract, "submit"))


def test_the_vendor_may_not_return_a_draft_it_confirmed(client, login, people, contract):
    advance(contract, people, "confirmed")
    login(people.vendor)
    response = text(post(client, contract, "vendor_return", comment=VENDOR_COMMENT))
    assert "Chưa thể trả lại kèm ý kiến: nhà cung cấp đã xác nhận dự thảo hợp đồng." in response
    db.session.expire_all()
    assert contract.status == "review"


def test_the_vendors_page_hides_the_agencys_internal_comments(client, login, people, contract):
    lifecycle.submit(contract, actor=people.staff)
    db.session.commit()
    lifecycle.send_back(contract, LEGAL_COMMENT, actor=people.legal)
    db.session.commit()
    client.post("/accounts/logout")
    login(people.staff)
    client.post(f"/contracts/{contract.id}/generate")
    db.session.expire_all()
    lifecycle.submit(contract, actor=people.staff)
    db.session.commit()
    lifecycle.clear_legally(contract, actor=people.legal, comment="Đủ căn cứ, đồng ý.")
    db.session.commit()
    lifecycle.share(contract, actor=people.staff)
    db.session.commit()
    switch(client, login, people.vendor)
    post(client, contract, "vendor_return", comment=VENDOR_COMMENT)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert LEGAL_COMMENT not in page and "Đủ căn cứ, đồng ý." not in page
    assert "Lịch sử thay đổi" not in page
    assert VENDOR_COMMENT in page  # its own comment
    switch(client, login, people.staff)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert LEGAL_COMMENT in page and VENDOR_COMMENT in page


def test_sharing_tells_the_vendors_staff_by_notice_and_e_mail_with_the_link(
        client, login, people, contract, smtp_server):
    advance(contract, people, "cleared")
    login(people.staff)
    post(client, contract, "share")
    [notice] = db.session.scalars(select(Notice).where(Notice.user_id == people.vendor.id))
    share = db.session.scalar(select(ContractTransition.id).where(
        ContractTransition.action == "share"))
    assert notice.kind == "contract.shared" and notice.link == f"/contracts/{contract.id}"
    assert notice.key == f"contract:{contract.id}:share:{share}"
    [message] = smtp_server.to(people.vendor.email)
    assert message["Subject"] == f"Dự thảo chờ xác nhận: Hợp đồng “{contract.display_title}”"
    body = smtp_server.text(message)
    assert f"http://localhost/contracts/{contract.id}" in body
    assert "xác nhận dự thảo" in body
    # Confirming tells the agency's approvers; the approval tells the vendor too.
    switch(client, login, people.vendor)
    post(client, contract, "confirm")
    assert db.session.scalar(select(Notice.kind).where(
        Notice.user_id == people.approver.id)) == "contract.confirmed"
    switch(client, login, people.approver)
    post(client, contract, "approve")
    db.session.expire_all()
    kinds = set(db.session.scalars(select(Notice.kind).where(
        Notice.user_id == people.vendor.id)))
    assert kinds == {"contract.shared", "contract.approved"}
    approved = smtp_server.to(people.vendor.email)[-1]
    assert approved["Subject"].startswith("Đã phê duyệt: Hợp đồng")
    assert contract.number in smtp_server.text(approved)
