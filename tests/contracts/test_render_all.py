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
    """Three complete active contracts and one draft stopped at the parties step."""
    dataset.build(counts=TINY, progress=False)
    ids = list(db.session.scalars(select(Contract.id).where(Contract.number.is_not(None))
                                  .order_by(Contract.id).limit(4)))
    assert len(ids) == 4
    db.session.execute(update(Contract).where(Contract.id.not_in(ids))
                       .values(status="terminated"))
    db.session.execute(update(Contract).where(Contract.id.in_(ids)).values(status="active"))
    db.session.execute(update(Contract).where(Contract.id == ids[0])
                       .values(status="draft", step=2, number=None, number_year=None,
                               number_seq=None))
    db.session.commit()
    return {"draft": ids[0], "complete": ids[1:]}


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
def test_a_failing_draft_is_reported_while_the_others_are_generated(app, runner, contracts, jobs):
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all", "--status", "active",
                                 "--status", "draft", "--jobs", jobs])
    assert result.exit_code == 1, result.output
    assert (f"Lỗi – hợp đồng #{contracts['draft']}: Chưa hoàn thành các bước: "
            "Giá và chất lượng, Thời hạn, thanh toán, Căn cứ, điều khoản.") in result.output
    assert "Xong: 3 hợp đồng đã tạo văn bản, 1 lỗi" in result.output
    assert_rendered(app, documents_after(first), contracts["complete"])
    assert db.session.get(Contract, contracts["draft"]).number is None


def test_drafts_are_left_alone_by_default_and_limit_caps_the_run(app, runner, contracts):
    first = next_document_id()
    result = runner.invoke(args=["contracts", "render-all", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "Xong: 2 hợp đồng đã tạo văn bản, 0 lỗi" in result.output
    assert_rendered(app, documents_after(first), contracts["complete"][:2])


def test_a_status_with_no_contract_renders_nothing(runner, contracts):
    result = runner.invoke(args=["contracts", "render-all", "--status", "review"])
    assert result.exit_code == 0, result.output
    assert "Xong: 0 hợp đồng đã tạo văn bản, 0 lỗi" in result.output
