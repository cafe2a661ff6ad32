"""Amendments (phụ lục) to signed contracts: numbering, changed terms, document, review,
signing, and the contract's terms afterwards."""
import hashlib
import io
import re
import zipfile
from datetime import date

import docx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.models import AuditEvent
from documents.engine import render_docx, template_path
from documents.template_check import validate_template
from contracts.models.contract import Contract
from documents.models import DOCUMENT_KINDS, GeneratedDocument
from contracts.models import ContractAmendment, ContractTransition, SignedCopy
from documents.preview import PREVIEW_AMENDMENT
from contracts.services import amendments, lifecycle
from documents import storage
from contracts.services import terms
from documents.template_builder import PACKS, build_template
from core import clock
from extensions import db
from tests.contracts.lifecycle_helpers import switch
from tests.helpers import MINIMAL_PDF, text

CHANGES = {
    "reason": "Bổ sung 01 máy chủ ảo và kéo dài thời gian thuê thêm 12 tháng.",
    "place": "Thái Nguyên", "amendment_date": "2026-11-20", "months": "72",
    "lines-0-name": "Dịch vụ điện toán đám mây", "lines-0-unit": "máy chủ ảo/tháng",
    "lines-0-quantity": "3", "lines-0-months": "72", "lines-0-unit_price": "2500000",
    "lines-0-vat_rate": "10",
    "lines-1-name": "", "lines-1-unit": "", "lines-1-quantity": "", "lines-1-months": "",
    "lines-1-unit_price": "", "lines-1-vat_rate": "kct",
    "service_levels": "Tính sẵn sàng: ≥ 99,95%/tháng | giám sát tự động\n"
                      "Khôi phục: 24 giờ | từ lúc báo sự cố đến lúc dịch vụ chạy lại",
    "special_clauses": "Báo cáo 06 tháng một lần.\nBên B cử thêm một cán bộ hỗ trợ.",
}


def start(client, contract):
    return client.post(f"/contracts/{contract.id}/amendments/new")


def edit(client, contract, number=1, **changes):
    return client.post(f"/contracts/{contract.id}/amendments/{number}/edit",
                       data={**CHANGES, **changes})


def amendment_of(contract, number=1) -> ContractAmendment:
    db.session.expire_all()
    return amendments.get_amendment(contract, number)


def prepared(client, contract) -> ContractAmendment:
    """Amendment 1 started, edited with CHANGES and generated, through the pages."""
    assert start(client, contract).status_code == 302
    assert edit(client, contract).status_code == 302
    assert client.post(f"/contracts/{contract.id}/amendments/1/generate").status_code == 302
    return amendment_of(contract)


def test_an_amendment_is_refused_for_a_contract_that_is_not_signed(client, login, people,
                                                                   contract):
    login(people.staff)
    response = client.post(f"/contracts/{contract.id}/amendments/new", follow_redirects=True)
    assert response.status_code == 200
    assert "Chỉ lập phụ lục cho hợp đồng đã ký hoặc đang thực hiện" in text(response)
    assert "“Bản nháp”" in text(response)
    assert db.session.scalars(select(ContractAmendment)).all() == []


def test_a_signed_contract_gets_amendment_number_1_prefilled_with_its_current_terms(client,
                                                                                    signed):
    response = start(client, signed)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/contracts/{signed.id}/amendments/1/edit")
    amendment = amendment_of(signed)
    assert (amendment.number, amendment.status) == (1, "draft")
    assert amendment.terms == amendment.previous_terms == amendments.current_terms(signed)
    page = client.get(f"/contracts/{signed.id}/amendments/1/edit")
    assert page.status_code == 200 and "Dịch vụ điện toán đám mây" in text(page)


def test_only_one_amendment_is_open_at_a_time(client, signed):
    start(client, signed)
    response = client.post(f"/contracts/{signed.id}/amendments/new", follow_redirects=True)
    opened = amendments.amendments_of(signed)[0]
    assert (f"Phụ lục số 01 đã được lập bởi {opened.created_by.name} lúc "
            f"{clock.vietnam_time(opened.created_at)} và chưa ký xong") in text(response)
    assert len(amendments.amendments_of(signed)) == 1


def test_the_database_itself_keeps_one_open_amendment_per_contract(client, signed):
    """Even a write that skips the service (or races it) cannot open a second amendment."""
    start(client, signed)
    first = amendment_of(signed)
    twin = ContractAmendment(contract_id=signed.id, number=2, status="draft", terms={},
                             previous_terms={}, created_by_id=first.created_by_id, signatories={})
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(twin)
    first.status = "signed"  # once the first is signed, the next may be opened
    db.session.add(ContractAmendment(contract_id=signed.id, number=2, status="draft", terms={},
                                     previous_terms={}, created_by_id=first.created_by_id,
                                     signatories={}))
    db.session.flush()
    assert [a.status for a in amendments.amendments_of(signed)] == ["signed", "draft"]


def test_the_contract_page_offers_a_new_amendment_only_when_none_is_open_and_shows_its_history(
        client, signed):
    assert "Lập phụ lục mới" in text(client.get(f"/contracts/{signed.id}"))
    start(client, signed)
    page = text(client.get(f"/contracts/{signed.id}"))
    assert "Lập phụ lục mới" not in page
    history = page[page.index("Lịch sử thay đổi"):]
    assert "<code>amendment.create</code>" in history  # the amendment's events join the contract's


def test_the_amendment_page_compares_each_changed_term_before_and_after(client, signed):
    start(client, signed)
    assert edit(client, signed).status_code == 302
    page = client.get(f"/contracts/{signed.id}/amendments/1")
    assert page.status_code == 200
    html = text(page)
    for term, before, after in [
        ("Thời gian thuê", "60 tháng, từ ngày 01/09/2026 đến hết ngày 31/08/2031",
         "72 tháng, từ ngày 01/09/2026 đến hết ngày 31/08/2032"),
        ("Giá dịch vụ – dòng 1", "2 máy chủ ảo/tháng × 60 tháng × 2.500.000 đồng",
         "3 máy chủ ảo/tháng × 72 tháng × 2.500.000 đồng"),
        ("Tổng giá trị hợp đồng (gồm thuế GTGT)", "330.000.000 đồng", "594.000.000 đồng"),
        ("Chỉ tiêu chất lượng – Tính sẵn sàng", "≥ 99,9%/tháng", "≥ 99,95%/tháng"),
        ("Điều khoản riêng", "Báo cáo 06 tháng một lần.", "Bên B cử thêm một cán bộ hỗ trợ."),
    ]:
        assert re.search(rf"<th scope=\"row\">{re.escape(term)}</th><td>[^<]*"
                         rf"{re.escape(before)}[^<]*</td><td>[^<]*{re.escape(after)}", html), term
    assert "<th scope=\"col\">Điều khoản</th><th scope=\"col\">Trước</th>" in html


def test_the_amendment_form_refuses_a_blank_reason_and_no_price_line(client, signed):
    start(client, signed)
    blank = {f"lines-0-{k}": "" for k in ("name", "unit", "quantity", "months", "unit_price")}
    response = edit(client, signed, reason="", **blank)
    assert response.status_code == 200
    assert "Phụ lục cần ít nhất một dòng dịch vụ có giá." in text(response)
    assert amendment_of(signed).reason == ""


def test_generating_an_unchanged_amendment_is_refused(client, signed):
    start(client, signed)
    edit(client, signed, months="60", **{"lines-0-quantity": "2", "lines-0-months": "60",
                                         "service_levels": "Tính sẵn sàng: ≥ 99,9%/tháng | "
                                         "giám sát tự động\nKhôi phục: 24 giờ | từ lúc "
                                         "báo sự cố đến lúc dịch vụ chạy lại",
                                         "special_clauses": "Báo cáo 06 tháng một lần."})
    response = client.post(f"/contracts/{signed.id}/amendments/1/generate",
                           follow_redirects=True)
    assert "chưa thay đổi điều khoản nào" in text(response)
    assert db.session.scalars(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "amendment")).all() == []


def test_the_amendment_document_comes_from_the_packs_amendment_template(client, signed):
    amendment = prepared(client, signed)
    [document] = storage.documents_of("amendment", amendment.id)
    assert (document.kind, document.template.kind, document.template.pack_id) == (
        "amendment", "amendment", signed.pack_id)
    response = client.get(f"/contracts/{signed.id}/amendment-documents/{document.id}")
    assert response.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paragraphs
    assert "PHỤ LỤC HỢP ĐỒNG SỐ 01" in paragraphs
    assert any(signed.number in p and "ký ngày 20 tháng 11 năm 2026" in p for p in paragraphs)
    assert "Điều 1. Sửa đổi thời gian thuê dịch vụ" in paragraphs
    assert "Điều 2. Sửa đổi khối lượng, đơn giá và giá hợp đồng" in paragraphs
    assert "Điều 5. Hiệu lực của phụ lục" in paragraphs
    assert any(p.startswith("Căn cứ Bộ luật Dân sự") for p in paragraphs)
    assert any(p.startswith("BÊN CUNG CẤP DỊCH VỤ (Bên B): Công ty Cổ phần Công nghệ số Sông "
                            "Cầu") for p in paragraphs)


def test_an_amendment_goes_through_review_approval_and_signing_then_amends_the_contract(
        client, login, people, signed):
    amendment = prepared(client, signed)
    original = amendments.current_terms(signed)
    base = f"/contracts/{signed.id}/amendments/1"
    assert client.post(f"{base}/lifecycle/submit").status_code == 302
    switch(client, login, people.legal)
    response = client.post(f"{base}/lifecycle/return", data={"comment": "Ghi rõ lý do tăng."},
                           follow_redirects=True)
    assert "Ghi rõ lý do tăng." in text(response)
    switch(client, login, people.staff)
    assert edit(client, signed, reason="Số người dùng tăng từ 150 lên 220.").status_code == 302
    client.post(f"{base}/generate")
    client.post(f"{base}/lifecycle/submit")
    switch(client, login, people.operator_legal)
    client.post(f"{base}/lifecycle/clear")
    switch(client, login, people.staff)
    client.post(f"{base}/lifecycle/share")
    switch(client, login, people.vendor)
    assert "Đã xác nhận dự thảo." in text(client.post(f"{base}/lifecycle/confirm",
                                                      follow_redirects=True))
    switch(client, login, people.approver)
    assert "Đã phê duyệt" in text(client.post(f"{base}/lifecycle/approve", follow_redirects=True))
    switch(client, login, people.staff)
    response = client.post(f"{base}/lifecycle/sign", follow_redirects=True, data={
        "signed_on": clock.today().isoformat(), "a_name": "Nguyễn Văn Minh",
        "a_position": "Giám đốc", "b_name": "Trần Thị Lan", "b_position": "Tổng Giám đốc"})
    assert response.status_code == 200 and "Đã ghi nhận ký kết." in text(response)
    amendment = amendment_of(signed)
    contract = db.session.get(Contract, signed.id)
    assert amendment.status == "signed" and contract.status == "signed"
    assert contract.months == 72 and [(line.quantity, line.months) for line in contract.lines] == [
        (3, 72)]
    assert contract.special_clauses == CHANGES["special_clauses"]
    assert [i["target"] for i in contract.service_levels][0] == "≥ 99,95%/tháng"
    assert amendment.previous_terms == original  # the original lines, frozen
    assert original["lines"][0]["quantity"] == 2
    assert len(terms.of_contract(contract).periods) == 24
    assert [v["label"] for v in amendments.term_versions(contract)] == [
        "Bản gốc", "Sau phụ lục số 01"]
    moves = db.session.scalars(select(ContractTransition.action).where(
        ContractTransition.amendment_id == amendment.id).order_by(ContractTransition.id)).all()
    assert moves == ["submit", "return", "submit", "clear", "share", "confirm", "approve",
                     "sign"]
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "contract.amend")).object_id == str(contract.id)
    page = text(client.get(f"/contracts/{contract.id}"))
    assert "Phụ lục số 01</a> – Đã ký" in page and "594.000.000" in page
    assert client.get(f"{base}/edit").status_code == 404
    response = client.post(f"{base}/signed-copies", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(MINIMAL_PDF), "phu-luc-01-da-ky.pdf")},
                           follow_redirects=True)
    assert response.status_code == 200 and "Không có chữ ký số" in text(response)
    copy = db.session.scalar(select(SignedCopy))
    assert (copy.owner_type, copy.owner_id) == ("amendment", amendment.id)
    assert hashlib.sha256(MINIMAL_PDF).hexdigest() in text(response)


def test_an_amendment_is_not_approved_before_legal_clearance(client, login, people, signed):
    amendment = prepared(client, signed)
    lifecycle.submit(signed, actor=people.staff, amendment=amendment)
    db.session.commit()
    switch(client, login, people.approver)
    response = client.post(f"/contracts/{signed.id}/amendments/1/lifecycle/approve",
                           follow_redirects=True)
    assert "phụ lục số 01 chưa được cán bộ pháp chế xác nhận" in text(response)
    assert amendment_of(signed).status == "review"


def test_amendment_actions_outside_the_road_are_refused_naming_the_state(
        client, people, signed):
    prepared(client, signed)
    response = client.post(f"/contracts/{signed.id}/amendments/1/lifecycle/activate")
    assert response.status_code == 404  # amendments are never put into use on their own
    refusal = "phụ lục số 01 đang ở trạng thái “Bản nháp”"
    with pytest.raises(lifecycle.LifecycleError, match=refusal):
        lifecycle.approve(signed, actor=people.approver, amendment=amendment_of(signed))


def test_a_second_amendment_gets_number_2_and_compares_against_the_amended_terms(
        client, login, people, signed):
    amendment = prepared(client, signed)
    for step in ("submit", "clear", "share", "confirm", "approve", "sign"):
        actor = {"clear": people.legal, "approve": people.approver,
                 "confirm": people.vendor}.get(step, people.staff)
        if step == "clear":
            lifecycle.clear_legally(signed, actor=actor, amendment=amendment)
        elif step == "sign":
            amendments.sign_amendment(signed, amendment, date(2026, 11, 21), {
                "a": {"name": "A", "position": "Giám đốc"},
                "b": {"name": "B", "position": "Giám đốc"}}, actor=actor)
        else:
            getattr(lifecycle, step)(signed, actor=actor, amendment=amendment)
        db.session.commit()
    assert start(client, signed).status_code == 302
    second = amendment_of(signed, 2)
    assert second.number == 2 and second.previous_terms["months"] == 72
    assert edit(client, signed, number=2, months="84").status_code == 302
    page = text(client.get(f"/contracts/{signed.id}/amendments/2"))
    assert "72 tháng, từ ngày 01/09/2026 đến hết ngày 31/08/2032" in page


def test_other_organisations_get_404_for_amendments(client, login, people, signed):
    prepared(client, signed)
    switch(client, login, people.outsider_legal)
    base = f"/contracts/{signed.id}/amendments/1"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/generate").status_code == 404
    assert client.post(f"/contracts/{signed.id}/amendments/new").status_code == 404


def test_the_vendor_reads_the_amendment_but_cannot_edit_it(client, login, people, signed):
    prepared(client, signed)
    switch(client, login, people.vendor)
    assert client.get(f"/contracts/{signed.id}/amendments/1").status_code == 200
    assert client.get(f"/contracts/{signed.id}/amendments/1/edit").status_code == 404
    assert client.post(f"/contracts/{signed.id}/amendments/new").status_code == 302
    assert len(amendments.amendments_of(signed)) == 1


# --- the amendment templates -----------------------------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
def test_each_pack_has_a_committed_amendment_template_that_validates(pack):
    data = template_path(pack, "amendment").read_bytes()
    assert data == build_template(pack, "amendment")
    assert validate_template(data, "amendment") == []
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.comments == f"thue-dv-cntt template {pack}/amendment v1"


@pytest.mark.parametrize("pack", PACKS)
def test_the_rendered_amendment_has_no_tags_left_and_only_the_changed_articles(pack):
    context = {**PREVIEW_AMENDMENT, "changes": {**PREVIEW_AMENDMENT["changes"], "term": None,
                                                "service_levels": None},
               "articles": {"term": None, "lines": 1, "service_levels": None,
                            "special_clauses": 2, "validity": 3}}
    data = render_docx(template_path(pack, "amendment"), context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert not re.search(r"\{\{|\{%|%\}|\}\}", xml)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    titles = [p for p in paragraphs if p.startswith("Điều ")]
    assert titles == ["Điều 1. Sửa đổi khối lượng, đơn giá và giá hợp đồng",
                      "Điều 2. Sửa đổi các điều khoản riêng", "Điều 3. Hiệu lực của phụ lục"]


def test_the_amendment_kind_is_registered_for_templates_and_documents(app):
    assert "amendment" in storage.KINDS and DOCUMENT_KINDS["amendment"] == "Phụ lục hợp đồng"
    template = storage.template_for("nd73-2019", "amendment", date(2026, 11, 20))
    assert (template.kind, template.version, template.path) == (
        "amendment", 1, "builtin:nd73-2019/amendment.docx")
