"""Signed means frozen (issue 12, point 1): once a contract or an amendment is signed, no path
replaces or regenerates its document; the page marks the signed document and its signed PDF."""
import hashlib
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from contracts.models import ContractAmendment
from contracts.models.lifecycle import ContractLifecycle
from contracts.services import amendments, lifecycle
from contracts.services.document import generate_contract_document
from contracts.services.wizard import ContractError
from core import clock
from documents import storage
from documents.models import GeneratedDocument
from extensions import db
from tests.contracts.lifecycle_helpers import advance
from tests.contracts.test_amendments import prepared
from tests.contracts.test_signed_copies import blank_pdf, upload

SIGNATORIES = {"a": {"name": "Nguyễn Văn Minh", "position": "Giám đốc"},
               "b": {"name": "Trần Thị Lan", "position": "Tổng Giám đốc"}}


def documents(owner_type: str, owner_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(d.id, d.sha256) for d in storage.documents_of(owner_type, owner_id)]


def upload_new_template_version(actor, pack_id: str, kind: str):
    """A legal drafter's new version of the shipped template, in effect from today."""
    builtin = storage.template_for(pack_id, kind, clock.today())
    data = storage.template_path(builtin).read_bytes()
    version = storage.upload_template(pack_id, kind, data, clock.today(), "Sửa lỗi chính tả",
                                      actor=actor)
    db.session.commit()
    return version


def test_signing_records_the_signed_document_and_the_page_marks_it_with_the_pdfs_sha256(
        client, signed):
    # The draft as reviewed ("Số: …/2026/HĐ-…"), then the same text numbered at approval:
    # the numbered one is what was signed.
    [(document_id, _sha), (draft_id, _)] = documents("contract", signed.id)
    record = db.session.get(ContractLifecycle, signed.id)
    assert record.signed_document_id == document_id and draft_id < document_id
    pdf = blank_pdf()
    assert upload(client, signed, pdf).status_code == 200
    page = client.get(f"/contracts/{signed.id}").get_data(as_text=True)
    item = re.search(rf'<li id="doc-{document_id}">(.*?)</li>', page, re.S).group(1)
    assert "Bản đã ký ngày 20/11/2026" in item
    assert f"Bản PDF đã ký: SHA-256 <code>{hashlib.sha256(pdf).hexdigest()}</code>" in item


def test_the_render_command_refuses_a_signed_contract_and_writes_nothing(
        runner, signed, people, tmp_path):
    before = documents("contract", signed.id)
    upload_new_template_version(people.operator_legal, signed.pack_id, "contract")
    out = tmp_path / "hd.docx"
    result = runner.invoke(args=["contracts", "render", str(signed.id), "--out", str(out)])
    assert result.exit_code == 1
    assert (f"Hợp đồng số {signed.number} đã ký ngày 20/11/2026: văn bản đã ký không bao giờ "
            "được tạo lại hay thay thế") in result.output
    assert not out.exists()
    assert documents("contract", signed.id) == before


@pytest.mark.parametrize("state", ["review", "approved"])
def test_a_contract_in_review_or_approved_is_not_regenerated(people, contract, state):
    advance(contract, people, state)
    with pytest.raises(ContractError, match="chỉ tạo lại văn bản khi hợp đồng là bản nháp"):
        generate_contract_document(contract)


def test_no_path_stores_a_new_document_for_a_signed_contract_or_amendment(signed, people):
    template = storage.template_for(signed.pack_id, "contract", signed.contract_date)
    with pytest.raises(storage.DocumentFrozen, match="đã ký"):
        storage.store_document("contract", signed.id, "contract", template, b"PK other",
                               "khac.docx")
    # The acceptance forms of a signed contract are other documents: they are still made.
    form = storage.template_for(signed.pack_id, "acceptance-1", signed.contract_date)
    assert storage.store_document("contract", signed.id, "acceptance-1", form, b"PK form",
                                  "bien-ban.docx").id


def test_a_signed_amendment_is_frozen_and_the_contracts_signed_text_is_untouched(
        client, signed, people):
    contract_documents = documents("contract", signed.id)
    amendment = prepared(client, signed)
    for step in (lambda: lifecycle.submit(signed, actor=people.staff, amendment=amendment),
                 lambda: lifecycle.clear_legally(signed, actor=people.legal, amendment=amendment),
                 lambda: lifecycle.share(signed, actor=people.staff, amendment=amendment),
                 lambda: lifecycle.confirm(signed, actor=people.vendor, amendment=amendment),
                 lambda: lifecycle.approve(signed, actor=people.approver, amendment=amendment),
                 lambda: amendments.sign_amendment(signed, amendment, date(2026, 11, 25),
                                                   SIGNATORIES, actor=people.staff)):
        step()
        db.session.commit()
    [(document_id, _sha)] = documents("amendment", amendment.id)
    assert db.session.get(ContractAmendment, amendment.id).signed_document_id == document_id
    with pytest.raises(storage.DocumentFrozen, match="Phụ lục số 01 đã ký ngày 25/11/2026"):
        storage.store_document("amendment", amendment.id, "amendment",
                               storage.template_for(signed.pack_id, "amendment", clock.today()),
                               b"PK", "phu-luc.docx")
    with pytest.raises(amendments.AmendmentError):
        amendments.generate_amendment_document(amendment)
    # The amendment changed the terms; the contract's signed document is the same file.
    assert documents("contract", signed.id) == contract_documents
    with pytest.raises(storage.DocumentFrozen):
        generate_contract_document(signed)
    assert db.session.scalar(select(func.count(GeneratedDocument.id)).where(
        GeneratedDocument.owner_type == "contract")) == len(contract_documents)
