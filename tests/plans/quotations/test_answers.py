"""The vendor's answer to a request for quotations: given, revised before the deadline and
refused after, declined with a reason, the signed PDF checked, the agency told without prices,
and the pages that keep what was typed."""
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent, Notice
from core.clock import today, utcnow
from core.formats import dmy
from extensions import db
from plans.quotations import answers
from plans.quotations.models import QuotationAnswer
from plans.quotations.rules import QuotationError
from tests.helpers import MINIMAL_PDF, first_user, text
from tests.plans.quotations.factories import make_request


@pytest.fixture
def scene(make_user, make_vendor):
    """Agency A (staff, approver) asks vendors V and W for HT-001 and HT-002, 48 h left."""
    staff = make_user("agency_staff")
    approver = make_user("agency_approver", organisation=staff.organisation)
    v = make_vendor(legal_name="Công ty Báo Giá V")
    w = make_vendor(legal_name="Công ty Báo Giá W")
    asked = make_request(staff.organisation, staff, ("HT-001", "HT-002"), vendors=[v, w])
    db.session.commit()
    return SimpleNamespace(staff=staff, approver=approver, v=v, w=w, uv=first_user(v),
                           uw=first_user(w), asked=asked)


def priced(asked, *prices, vat="10", days=60):
    return [{"request_line_id": line.id, "unit_price": price, "vat_rate": vat,
             "valid_until": today() + timedelta(days=days), "note": ""}
            for line, price in zip(asked.lines, prices)]


def events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_answer_is_revised_before_the_deadline_with_the_change_audited(scene):
    s = scene
    first = answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, 500_000),
                                  actor=s.uv)
    db.session.commit()
    assert (first.revision, first.status, first.late) == (1, "answered", False)
    assert len(first.lines) == 2
    again = answers.submit_answer(s.asked, s.v, priced(s.asked, 1_100_000, None), actor=s.uv)
    db.session.commit()
    assert again.id == first.id and again.revision == 2
    assert [(p.request_line_id, p.unit_price) for p in again.lines] == [
        (s.asked.lines[0].id, 1_100_000)]  # the second line is no longer offered
    [submitted] = events("quotation_answer.submit")
    assert submitted.object_type == "quotation_answer" and submitted.object_id == str(first.id)
    [revised] = events("quotation_answer.revise")
    assert revised.changes["line_1.unit_price"] == [1_000_000, 1_100_000]
    assert revised.changes["line_2.unit_price"] == [500_000, None]
    assert revised.changes["revision"] == [1, 2]


def test_the_agency_is_told_who_answered_never_the_price(scene):
    s = scene
    answers.submit_answer(s.asked, s.v, priced(s.asked, 7_654_321, None), actor=s.uv)
    db.session.commit()
    notices = list(db.session.scalars(select(Notice).order_by(Notice.user_id)))
    assert {n.user_id for n in notices} == {s.staff.id, s.approver.id}
    for notice in notices:
        assert notice.kind == "quotation_answered"
        assert f"Nhà cung cấp Công ty Báo Giá V đã gửi báo giá cho yêu cầu {s.asked.code}" \
            in notice.title
        assert "7.654.321" not in notice.title + notice.body
        assert "7654321" not in notice.title + notice.body
        assert notice.link == f"/plans/quotations/{s.asked.id}"


def test_after_the_deadline_a_given_answer_is_not_revised(scene):
    s = scene
    answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv)
    s.asked.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(QuotationError, match="Đã hết hạn nhận báo giá: không thể sửa báo giá."):
        answers.submit_answer(s.asked, s.v, priced(s.asked, 900_000, None), actor=s.uv)
    with pytest.raises(QuotationError, match="không thể sửa báo giá"):
        answers.decline_request(s.asked, s.v, "Đổi ý", actor=s.uv)


def test_a_first_answer_after_the_deadline_is_kept_late(scene):
    s = scene
    s.asked.deadline = utcnow() - timedelta(hours=1)
    db.session.commit()
    late = answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv)
    declined = answers.decline_request(s.asked, s.w, "Không còn năng lực cung cấp",
                                       actor=s.uw)
    db.session.commit()
    assert late.late and declined.late and declined.status == "declined"
    notice = db.session.scalar(select(Notice).where(Notice.user_id == s.staff.id,
                                                    Notice.title.contains("đã gửi báo giá")))
    assert "không tính vào số báo giá hợp lệ" in notice.body


def test_a_decline_needs_a_reason_withdraws_the_prices_and_may_be_undone(scene):
    s = scene
    answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, 2_000_000), actor=s.uv)
    with pytest.raises(QuotationError, match="Vui lòng ghi lý do từ chối báo giá."):
        answers.decline_request(s.asked, s.v, "   ", actor=s.uv)
    answer = answers.decline_request(s.asked, s.v, "Không có dịch vụ HT-002", actor=s.uv)
    db.session.commit()
    assert (answer.status, answer.decline_reason, answer.lines, answer.revision) == (
        "declined", "Không có dịch vụ HT-002", [], 2)
    [event] = events("quotation_answer.decline")
    assert event.changes["status"] == ["answered", "declined"]
    assert event.changes["line_1.unit_price"] == [1_000_000, None]
    assert db.session.scalar(select(Notice).where(Notice.title.contains("đã từ chối báo giá")))
    back = answers.submit_answer(s.asked, s.v, priced(s.asked, 950_000, None), actor=s.uv)
    assert (back.status, back.decline_reason, back.revision) == ("answered", "", 3)


def test_only_an_invited_vendor_answers_a_request_not_cancelled(scene, make_vendor):
    s = scene
    outsider = make_vendor(legal_name="Công ty Không Được Mời")
    with pytest.raises(QuotationError, match="không được mời"):
        answers.submit_answer(s.asked, outsider, priced(s.asked, 1, None),
                              actor=first_user(outsider))
    s.asked.status, s.asked.cancelled_at = "cancelled", utcnow()
    with pytest.raises(QuotationError, match="đã bị hủy"):
        answers.submit_answer(s.asked, s.v, priced(s.asked, 1, None), actor=s.uv)


@pytest.mark.parametrize("change, message", [
    ({"unit_price": None}, "ít nhất một dòng"),
    ({"unit_price": -5}, "không âm"),
    ({"vat_rate": "12"}, "thuế suất GTGT"),
    ({"valid_until": None}, "ngày hết hiệu lực"),
    ({"valid_until": today() + timedelta(days=1)}, "còn hiệu lực ít nhất đến ngày"),
])
def test_wrong_lines_are_refused_with_the_line_number(scene, change, message):
    s = scene
    lines = priced(s.asked, 1_000_000, None)
    lines[0].update(change)
    with pytest.raises(QuotationError, match=message):
        answers.submit_answer(s.asked, s.v, lines, actor=s.uv)


def test_the_signed_pdf_is_checked_stored_and_kept_by_a_revision(scene):
    s = scene
    with pytest.raises(QuotationError, match="Tệp không phải PDF") as refused:
        answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv,
                              pdf=b"PK\x03\x04 a zip", pdf_name="bao-gia.docx")
    assert refused.value.field == "pdf"
    made = answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv,
                                 pdf=MINIMAL_PDF, pdf_name="Báo giá V.pdf")
    sha = made.pdf_sha256
    assert len(sha) == 64 and made.pdf_size == len(MINIMAL_PDF)
    assert made.pdf_name == "Báo giá V.pdf" and answers.read_pdf(made) == MINIMAL_PDF
    revised = answers.submit_answer(s.asked, s.v, priced(s.asked, 990_000, None), actor=s.uv)
    assert revised.pdf_sha256 == sha and revised.pdf_name == "Báo giá V.pdf"


# --- the pages -------------------------------------------------------------------------------


def form_data(asked, *rows, version=None, **extra):
    data = {"request_version": version or asked.version, **extra}
    for n, (line, row) in enumerate(zip(asked.lines, rows)):
        data[f"lines-{n}-request_line_id"] = line.id
        for key, value in row.items():
            data[f"lines-{n}-{key}"] = value
    return data


VALID = dmy(today() + timedelta(days=60))


def test_the_e_mail_link_leads_through_the_login_to_the_answer_page(client, login, scene):
    path = f"/plans/quotations/{scene.asked.id}/answer"
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login" in response.location
    assert "next=" in response.location
    response = client.post(response.location, data={"email": scene.uv.email,
                                                    "password": "mat-khau-thu-1"})
    assert response.status_code == 302 and response.location.endswith(path)


def test_the_form_is_pre_filled_from_the_vendor_s_published_offering(
        client, login, scene, make_offering):
    make_offering(scene.v, "HT-001", unit="máy chủ ảo/tháng", unit_price=2_345_000,
                  vat_rate="8", price_public=True)
    login(scene.uv)
    page = text(client.get(f"/plans/quotations/{scene.asked.id}/answer"))
    assert "Điện toán đám mây chính phủ" in page and "Hội nghị truyền hình trực tuyến" in page
    assert 'value="2.345.000"' in page
    assert '<option selected value="8">8%</option>' in page
    assert "Gửi báo giá" in page and "Cập nhật báo giá" not in page


def test_answering_and_revising_through_the_page(client, login, scene):
    s = scene
    login(s.uv)
    path = f"/plans/quotations/{s.asked.id}/answer"
    response = client.post(path, data=form_data(
        s.asked, {"unit_price": "1.500.000", "vat_rate": "10", "valid_until": VALID,
                  "note": "Gồm sao lưu"}, {"unit_price": "", "vat_rate": "10"},
        pdf=(io.BytesIO(MINIMAL_PDF), "bao-gia-da-ky.pdf")),
        content_type="multipart/form-data")
    assert response.status_code == 302
    answer = db.session.scalar(select(QuotationAnswer))
    assert [(p.unit_price, p.note) for p in answer.lines] == [(1_500_000, "Gồm sao lưu")]
    page = text(client.get(path))
    assert "Cập nhật báo giá" in page and 'value="1.500.000"' in page
    assert "bao-gia-da-ky.pdf" in page
    response = client.post(path, data=form_data(
        s.asked, {"unit_price": "1.400.000", "vat_rate": "10", "valid_until": VALID},
        {"unit_price": ""}))
    assert response.status_code == 302
    db.session.expire_all()
    answer = db.session.scalar(select(QuotationAnswer))
    assert answer.revision == 2 and answer.lines[0].unit_price == 1_400_000
    assert answer.pdf_name == "bao-gia-da-ky.pdf"


def test_a_wrong_form_is_shown_again_with_what_was_typed(client, login, scene):
    s = scene
    login(s.uv)
    path = f"/plans/quotations/{s.asked.id}/answer"
    page = text(client.post(path, data=form_data(
        s.asked, {"unit_price": "1.234.567", "vat_rate": "5", "valid_until": "",
                  "note": "Ghi chú đã gõ"}, {"unit_price": "12,5"})))
    assert "Vui lòng nhập ngày hết hiệu lực của báo giá." in page
    assert 'value="1.234.567"' in page and "Ghi chú đã gõ" in page and 'value="12,5"' in page
    assert db.session.scalar(select(QuotationAnswer)) is None
    response = client.post(path, data=form_data(
        s.asked, {"unit_price": "1.234.567", "vat_rate": "5", "valid_until": VALID},
        {"unit_price": ""}, pdf=(io.BytesIO(b"not a pdf at all"), "bao-gia.pdf")),
        content_type="multipart/form-data")
    page = text(response)
    assert response.status_code == 200 and "Tệp không phải PDF" in page
    assert 'value="1.234.567"' in page and db.session.scalar(select(QuotationAnswer)) is None
    page = text(client.post(path, data=form_data(s.asked, {"unit_price": ""},
                                                 {"unit_price": ""})))
    assert "Vui lòng chào giá ít nhất một dòng" in page


def test_an_amended_request_is_not_answered_on_its_old_page(client, login, scene):
    s = scene
    login(s.uv)
    old = s.asked.version
    s.asked.version += 1
    db.session.commit()
    page = text(client.post(f"/plans/quotations/{s.asked.id}/answer", data=form_data(
        s.asked, {"unit_price": "1.000.000", "valid_until": VALID}, {}, version=old)))
    assert "vừa được cơ quan điều chỉnh" in page and 'value="1.000.000"' in page
    assert db.session.scalar(select(QuotationAnswer)) is None


def test_declining_through_the_page(client, login, scene):
    s = scene
    login(s.uv)
    path = f"/plans/quotations/{s.asked.id}/decline"
    assert "Xác nhận từ chối báo giá" in text(client.get(path))
    page = text(client.post(path, data={"reason": ""}))
    assert "Vui lòng ghi lý do từ chối báo giá." in page
    response = client.post(path, data={"reason": "Không cung cấp dịch vụ tại địa phương"})
    assert response.status_code == 302
    answer = db.session.scalar(select(QuotationAnswer))
    assert (answer.status, answer.decline_reason) == ("declined",
                                                      "Không cung cấp dịch vụ tại địa phương")
    page = text(client.get(f"/plans/quotations/{s.asked.id}/answer"))
    assert "Từ chối báo giá" in page and "Không cung cấp dịch vụ tại địa phương" in page


def test_after_the_deadline_the_page_says_late_or_closed(client, login, scene):
    s = scene
    answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv)
    s.asked.deadline = utcnow() - timedelta(hours=2)
    db.session.commit()
    login(s.uw)
    page = text(client.get(f"/plans/quotations/{s.asked.id}/answer"))
    assert "gửi sau hạn" in page and "không được tính vào số báo giá hợp lệ" in page
    client.post("/accounts/logout")
    login(s.uv)
    path = f"/plans/quotations/{s.asked.id}/answer"
    page = text(client.get(path))
    assert "Đã hết hạn nhận báo giá: không thể sửa báo giá." in page
    assert 'class="form wide"' not in page and "1.000.000" in page  # its answer, read only
    page = text(client.post(path, data=form_data(
        s.asked, {"unit_price": "900.000", "valid_until": VALID}, {}), follow_redirects=True))
    assert "không thể sửa báo giá" in page
    assert db.session.scalar(select(QuotationAnswer.revision).where(
        QuotationAnswer.vendor_id == s.v.id)) == 1


def test_the_invitations_list_filters_and_shows_the_vendor_s_own_status(
        client, login, scene, make_user):
    s = scene
    other = make_request(s.staff.organisation, s.staff, ("HT-001",), vendors=[s.v], hours=-5,
                         title="Yêu cầu đã hết hạn")
    answers.submit_answer(s.asked, s.v, priced(s.asked, 1_000_000, None), actor=s.uv)
    db.session.commit()
    login(s.uv)
    page = text(client.get("/plans/quotations/invitations"))
    assert s.asked.code in page and other.code in page and "Đã gửi báo giá" in page
    page = text(client.get("/plans/quotations/invitations?state=closed"))
    assert other.code in page and s.asked.code not in page and "Không trả lời" in page
    page = text(client.get("/plans/quotations/invitations?answer=none"))
    assert other.code in page and s.asked.code not in page
    agency = make_user("agency_staff")
    client.post("/accounts/logout")
    login(agency)
    assert client.get("/plans/quotations/invitations").status_code == 403
