"""`flask contracts render-all` regenerates many contracts, reports failures and keeps going."""
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select, update

from bench import dataset
from contracts.models.contract import Contract
from documents.models import GeneratedDocument
from extensions import db

pytestmark = pytest.mark.slow  # worker processes that each build an application

TINY = dataset.Counts(agencies=2, services=3, vendors=3, offerings=9, contracts=12, plans=1)


@pytest.fixture
def contracts(app):
    """Two complete drafts, one draft stopped at the parties step and one signed (active)
    contract; every other contract of the data set is terminated."""
    dataset.build(counts=TINY, progress=False)
    ids = list(db.session.scalars(select(Contract.id).where(Contract.number.is_not(None))
                                  .order_by(Contract.id).limit(4)))
    assert len(ids) == 4
    db.session.execute(update(Contract).where(Contract.id.not_in(ids))
                       .values(status="terminated"))
    db.session.execute(update(Contract).where(Contract.id.in_(ids[:3])).values(status="draft"))
    db.session.execute(update(Contract).where(Contract.id == ids[3]).values(status="active"))
    db.session.execute(update(Contract).where(Contract.id == ids[0])
                       .values(step=2, number=None, number_year=None, number_seq=None))
    db.session.commit()
    return {"unfinished": ids[0], "complete": ids[1:3], "signed": ids[3]}


def documents_after(first_id: int) -> list[GeneratedDocument]:
    db.session.expire_all()
    return list(db.session.scalars(select(GeneratedDocument)
                                   .where(GeneratedDocument.id >= first_id)
                                   .order_by(GeneratedDocument.owner_id)))


def next_document_id() -> int:
    return (db.session.scalar(select(func.max(GeneratedDocument.id))) or 0) + 1


def assert_rendered(app, documents, contract_ids) -> None:
    assert [d.owner_id for d in documents] == sorted(contract_ids)
    for document in documents:
        path = Path(app.instance_path) / "generated" / f"{document.sha256}.docx"
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        assert "HỢP ĐỒNG" in text.upper()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_drafts_are_generated_and_the_unfinished_one_is_skipped_with_its_reason(
        app, runner, contracts, jobs):
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all", "--jobs", jobs])
    assert result.exit_code == 0, result.output
    assert (f"Bỏ qua – hợp đồng #{contracts['unfinished']}: Chưa hoàn thành các bước: "
            "Giá và chất lượng, Thời hạn, thanh toán, Căn cứ, điều khoản.") in result.output
    assert "Xong: 2 hợp đồng đã tạo văn bản, 1 bỏ qua, 0 lỗi" in result.output
    assert_rendered(app, documents_after(first), contracts["complete"])
    assert db.session.get(Contract, contracts["unfinished"]).number is None


def test_a_signed_contract_is_skipped_and_its_documents_stay_as_they_were(
        app, runner, contracts):
    signed_id = contracts["signed"]
    number = db.session.get(Contract, signed_id).number
    before = [(d.id, d.sha256) for d in db.session.scalars(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == signed_id))]
    assert before  # the data set records a document for every numbered contract
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all", "--status", "active"])
    assert result.exit_code == 0, result.output
    assert f"Bỏ qua – hợp đồng #{signed_id}: Hợp đồng số {number} đã ký" in result.output
    assert "văn bản đã ký không bao giờ được tạo lại" in result.output
    assert "Xong: 0 hợp đồng đã tạo văn bản, 1 bỏ qua, 0 lỗi" in result.output
    assert documents_after(first) == []
    after = [(d.id, d.sha256) for d in db.session.scalars(select(GeneratedDocument).where(
        GeneratedDocument.owner_type == "contract", GeneratedDocument.owner_id == signed_id))]
    assert after == before


def test_a_failure_is_listed_the_others_go_on_and_the_run_exits_1(app, runner, contracts):
    broken = contracts["complete"][0]
    db.session.execute(update(Contract).where(Contract.id == broken).values(pack_id="nd00"))
    db.session.commit()
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all"])
    assert result.exit_code == 1, result.output
    assert f"Lỗi – hợp đồng #{broken}: Lỗi khi tạo văn bản (LookupError" in result.output
    assert "Xong: 1 hợp đồng đã tạo văn bản, 1 bỏ qua, 1 lỗi" in result.output
    assert_rendered(app, documents_after(first), contracts["complete"][1:])


def test_limit_caps_the_run(app, runner, contracts):
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "Xong: 1 hợp đồng đã tạo văn bản, 1 bỏ qua, 0 lỗi" in result.output
    assert_rendered(app, documents_after(first), contracts["complete"][:1])


def test_a_status_with_no_contract_renders_nothing(runner, contracts):
    result = runner.invoke(args=["contracts", "render-all", "--status", "review"])
    assert result.exit_code == 0, result.output
    assert "Xong: 0 hợp đồng đã tạo văn bản, 0 bỏ qua, 0 lỗi" in result.output
