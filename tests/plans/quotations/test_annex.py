"""The annex "Bảng tổng hợp báo giá" (issue 16, point 4): made from the comparison of a closed
request in each pack, reopened with python-docx; refused while sealed or once cancelled; its
template passes the check; only the requesting agency reaches it; its PDF/A."""
import io
import shutil

import docx
import pytest
from flask import render_template
from pypdf import PdfReader
from sqlalchemy import func, select

from accounts.models import AuditEvent
from catalog.services import get_service
from core.clock import utcnow
from core.money import format_vnd
from core.pdf import pdfa_level
from documents import storage
from documents.engine import template_path
from documents.models import GeneratedDocument
from documents.preview import PREVIEW_QUOTATIONS
from documents.template_check import validate_template
from extensions import db
from plans import services as plan_services
from plans.quotations.annex import annex_panel, generate_annex
from plans.quotations.comparison import FLAGS, compare, figures
from plans.quotations.models import QuotationChoice
from plans.quotations.rules import QuotationError
from tests.helpers import services_required
from tests.plans.plan_helpers import plan_values
from tests.plans.quotations.factories import make_answer, make_request

PACKS = ("qd80-2014", "nd73-2019", "nd224-2026")
PRICES = (1_250_000, 1_400_001, 1_100_000)  # the third comes late
LATE, DECLINED = "Gửi sau hạn (không tính)", "Từ chối báo giá"
REASON = "Không đủ nhân sự triển khai trong thời gian yêu cầu."


@pytest.fixture
def staff(make_user):
    return make_user("agency_staff", name="Sở Khoa học và Công nghệ tỉnh Thử")


@pytest.fixture
def vendors(make_vendor):
    names = ("Công ty An Bình", "Công ty Bảo Châu", "Công ty Cẩm Duyên", "Công ty Đông Á")
    return [make_vendor(legal_name=name) for name in names]


def closed_request(staff, vendors, pack="nd224-2026", *, plan=None, hours=-1):
    """Four answers: two on time, one late, one declined."""
    request = make_request(staff.organisation, staff, vendors=vendors, hours=hours,
                           pack_id=pack, plan=plan)
    for vendor, price in zip(vendors, PRICES):
        make_answer(request, vendor, [price], late=price == PRICES[2])
    make_answer(request, vendors[3], [], status="declined", decline_reason=REASON)
    db.session.commit()
    return request


def paragraphs_and_rows(data: bytes) -> tuple[str, list[list[str]]]:
    """Every paragraph's text, and every table row as its cells' texts."""
    document = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for table in document.tables
            for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def figures_rows(rows: list[list[str]]) -> dict[str, str]:
    return {row[0]: row[1] for row in rows if len(row) == 2 and row[0].startswith("Giá ")}


@pytest.mark.parametrize("pack", PACKS)
def test_the_annex_lists_every_quote_and_the_comparisons_figures(pack, staff, vendors):
    request = closed_request(staff, vendors, pack)
    document = generate_annex(request, actor=staff)
    db.session.commit()
    assert (document.owner_type, document.kind) == ("quotations", "quotations")
    assert document.template.pack_id == pack
    body, rows = paragraphs_and_rows(storage.read_document(document))
    assert "BẢNG TỔNG HỢP BÁO GIÁ" in body and request.code in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(" ".join(r) for r in rows)
    quotes = {row[1].split(" (MST")[0]: row for row in rows if "(MST " in row[1]}
    assert set(quotes) == {v.legal_name for v in vendors}
    for vendor, price in zip(vendors, PRICES):
        assert quotes[vendor.legal_name][2] == format_vnd(price)  # "1.250.000"
        assert f"MST {vendor.tax_code}" in quotes[vendor.legal_name][1]
    assert LATE in quotes[vendors[2].legal_name][6]
    assert quotes[vendors[2].legal_name][5] == "Không"
    declined = quotes[vendors[3].legal_name]
    assert DECLINED in declined[6] and REASON in declined[6] and declined[2] == "—"
    [line] = compare(request)
    shown = figures_rows(rows)
    assert shown["Giá thấp nhất"] == format_vnd(line.figures.lowest) == "1.250.000"
    assert shown["Giá trung vị"] == format_vnd(line.figures.median) == "1.325.001"
    assert shown["Giá trung bình"] == format_vnd(line.figures.average)
    assert shown["Giá cao nhất"] == format_vnd(line.figures.highest)
    assert f"({line.figures.count} báo giá; số tối thiểu cần có: 3)" in body
    assert "chưa đủ số báo giá hợp lệ tối thiểu" in body
    assert "chưa lựa chọn" in body
    assert staff.name in " ".join(" ".join(r) for r in rows)  # who made it signs it
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "quotation_request.annex"))
    assert event.object_id == str(request.id) and request.code in event.summary


def test_the_annex_names_its_plan_and_the_method_chosen(staff, vendors):
    plan = plan_services.create_plan(staff.organisation, plan_values(
        "nd224-2026", [get_service("HT-001")], number="42/KH-SKHCN"), actor=staff)
    request = closed_request(staff, vendors, plan=plan)
    db.session.add(QuotationChoice(
        request_line_id=request.lines[0].id, plan_id=plan.id, method="vendor",
        vendor_id=vendors[1].id, reason="Đáp ứng tốt nhất yêu cầu về an toàn thông tin.",
        unit_price=PRICES[1], vat_rate="10", valid_count=2, chosen_by_id=staff.id))
    db.session.commit()
    body, _rows = paragraphs_and_rows(storage.read_document(generate_annex(request,
                                                                           actor=staff)))
    assert f"Kèm theo Kế hoạch thuê dịch vụ “{plan.title}” số 42/KH-SKHCN" in body
    assert "Báo giá của nhà cung cấp được chọn (Công ty Bảo Châu)" in body
    assert "đơn giá được chọn: 1.400.001 đồng" in body
    assert "Lý do lựa chọn: Đáp ứng tốt nhất yêu cầu về an toàn thông tin." in body


def test_an_identical_regeneration_keeps_the_last_copy(staff, vendors):
    request = closed_request(staff, vendors)
    first = generate_annex(request, actor=staff)
    db.session.commit()
    assert generate_annex(request, actor=staff).id == first.id
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(GeneratedDocument)) == 1


def test_no_annex_while_sealed_or_once_cancelled(staff, vendors):
    sealed = closed_request(staff, vendors, hours=5)
    with pytest.raises(QuotationError, match="Chưa đến hạn nhận báo giá"):
        generate_annex(sealed, actor=staff)
    cancelled = closed_request(staff, vendors)
    cancelled.status, cancelled.cancelled_at = "cancelled", utcnow()
    cancelled.cancel_reason = "Thay đổi nhu cầu."
    db.session.commit()
    with pytest.raises(QuotationError, match="đã hủy"):
        generate_annex(cancelled, actor=staff)
    assert db.session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0


def test_the_preview_figures_are_the_comparisons_own():
    for line in PREVIEW_QUOTATIONS["lines"]:
        prices = [q["unit_price"] for q in line["quotes"] if q["valid"]]
        expected = figures(prices)
        shown = dict(line["figures"], spread_percent=None)
        assert shown == dict(vars(expected), spread_percent=None)
        assert line["figures"]["spread_percent"] == str(expected.spread_percent)
        assert line["valid_count"] == expected.count
        assert all(set(q["flags"]) <= set(FLAGS.values()) for q in line["quotes"])


@pytest.mark.parametrize("pack", PACKS)
def test_the_shipped_annex_template_passes_the_template_check(app, pack):
    assert validate_template(template_path(pack, "quotations").read_bytes(), "quotations") == []


def test_the_pages_make_and_send_the_annex_to_the_agency_only(
        client, login, staff, vendors, make_user):
    request = closed_request(staff, vendors)
    login(staff)
    response = client.post(f"/plans/quotations/{request.id}/annex")
    assert response.status_code == 302
    assert f"/plans/quotations/{request.id}/annex/" in response.headers["Location"]
    download = client.get(response.headers["Location"])
    assert download.status_code == 200
    assert download.mimetype.endswith("wordprocessingml.document")
    assert vendors[0].legal_name in paragraphs_and_rows(download.data)[1][2][1]
    client.post("/accounts/logout")
    outsider = make_user("agency_staff")
    login(outsider)
    assert client.get(response.headers["Location"]).status_code == 404
    assert client.post(f"/plans/quotations/{request.id}/annex").status_code == 404


def test_a_sealed_request_is_refused_with_a_message_and_nothing_stored(
        client, login, staff, vendors):
    request = closed_request(staff, vendors, hours=5)
    login(staff)
    response = client.post(f"/plans/quotations/{request.id}/annex")
    assert response.status_code == 302
    with client.session_transaction() as session:
        flashes = [message for _category, message in session.get("_flashes", [])]
    assert any("Chưa đến hạn nhận báo giá" in message for message in flashes)
    assert db.session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0


def test_the_panel_lists_the_annexes_and_offers_to_make_one(app, staff, vendors, make_user):
    request = closed_request(staff, vendors)
    sealed = closed_request(staff, vendors, hours=5)
    document = generate_annex(request, actor=staff)
    db.session.commit()
    vendor_user = make_user("vendor_staff")
    with app.test_request_context():
        panel = annex_panel(request, staff)
        assert panel["may_generate"] and [d.id for d in panel["documents"]] == [document.id]
        page = render_template("plans/quotations/_annex.html", annex=panel)
        assert "Bảng tổng hợp báo giá" in page and document.file_name in page
        assert "Lập lại bảng tổng hợp báo giá (.docx)" in page and "Tạo bản PDF" in page
        assert annex_panel(request, vendor_user)["documents"] == []
        panel = annex_panel(sealed, staff)
        assert not panel["may_generate"] and "Chưa đến hạn" in panel["why_not"]
        assert "Chưa đến hạn nhận báo giá" in render_template("plans/quotations/_annex.html",
                                                              annex=panel)


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not services_required(),
    reason="LibreOffice (soffice) not installed; .ci/run installs it")


@needs_libreoffice
@pytest.mark.slow  # one LibreOffice conversion
def test_the_annex_gets_its_pdfa_like_every_document(app, client, login, staff, vendors):
    app.config["PDF_ON_GENERATE"] = True
    request = closed_request(staff, vendors)
    login(staff)
    location = client.post(f"/plans/quotations/{request.id}/annex").headers["Location"]
    document = db.session.scalars(select(GeneratedDocument)).one()
    db.session.refresh(document)
    assert document.pdf_sha256
    response = client.get(f"{location}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert pdfa_level(response.data) == "2B"
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "BẢNG TỔNG HỢP BÁO GIÁ" in printed and "1.250.000" in printed
