"""Certifications: upload checks through the form, expiry, who may download."""
import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from extensions import db
from tests.helpers import MINIMAL_PDF, first_user, text
from vendors.models import Certification


def form(pdf=MINIMAL_PDF, name="ISO 27001 – bản gốc.pdf", **fields):
    data = {"kind": "iso27001", "number": "VN-27001-123", "issuer": "Tổ chức chứng nhận X",
            "issued_on": "2025-01-15", "expires_on": "2028-01-14"}
    data.update(fields)
    if pdf is not None:
        data["file"] = (io.BytesIO(pdf), name, "application/pdf")
    return data


def post(client, data):
    return client.post("/vendors/profile/certifications/new", data=data,
                       content_type="multipart/form-data")


def test_the_upload_limit_defaults_to_5_mib(app):
    assert app.config["VENDOR_UPLOAD_MAX_BYTES"] == 5 * 1024 * 1024


def test_a_vendor_uploads_a_certification_kept_by_sha256(app, client, make_vendor, login):
    vendor = make_vendor()
    login(first_user(vendor))
    assert "Bản PDF của chứng chỉ" in text(client.get("/vendors/profile/certifications/new"))
    assert post(client, form()).status_code == 302
    cert = db.session.scalar(select(Certification))
    assert cert.vendor_id == vendor.id and cert.kind == "iso27001"
    assert cert.expires_on == date(2028, 1, 14)
    assert cert.file_sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert cert.file_size == len(MINIMAL_PDF) and cert.file_name == "ISO 27001 – bản gốc.pdf"
    assert (Path(app.instance_path) / "uploads" / f"{cert.file_sha256}.pdf").is_file()
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "certification")) == "certification.create"
    assert "VN-27001-123" in text(client.get("/vendors/profile/"))


@pytest.mark.parametrize("pdf, message", [
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Tệp không phải PDF"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "Tệp PDF không đầy đủ"),
])
def test_files_that_are_not_whole_pdfs_are_refused_whatever_their_name(
        client, make_vendor, login, pdf, message):
    login(first_user(make_vendor()))
    body = text(post(client, form(pdf=pdf, name="chung-chi.pdf")))
    assert message in body
    assert "VN-27001-123" in body  # the typed fields are kept
    assert db.session.scalar(select(Certification)) is None


def test_a_file_over_the_configured_limit_is_refused(app, client, make_vendor, login):
    app.config["VENDOR_UPLOAD_MAX_BYTES"] = 1024
    login(first_user(make_vendor()))
    big = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"
    assert "vượt quá dung lượng cho phép" in text(post(client, form(pdf=big)))
    assert db.session.scalar(select(Certification)) is None


def test_missing_file_bad_dates_and_kind_get_vietnamese_messages(client, make_vendor, login):
    login(first_user(make_vendor()))
    body = text(post(client, form(pdf=None, kind="", issued_on="15/01/2025",
                                  expires_on="01/01/2025")))
    assert "Vui lòng chọn tệp PDF của chứng chỉ." in body
    assert "Vui lòng chọn loại chứng chỉ." in body
    assert "Ngày hết hạn phải sau ngày cấp." in body
    garbled = text(post(client, form(issued_on="ngày mai", kind="iso-xyz")))
    assert "Ngày không hợp lệ" in garbled and "Lựa chọn không hợp lệ." in garbled
    assert db.session.scalar(select(Certification)) is None


def test_an_expired_certification_is_flagged_on_the_public_page(
        client, make_vendor, make_certification):
    vendor = make_vendor()
    make_certification(vendor, "iso9001", expires_in=-1, number="HET-HAN-1")
    make_certification(vendor, "iso27001", expires_in=200, number="CON-HAN-1")
    make_certification(vendor, "iso20000", expires_in=30, number="SAP-HET-1")
    body = text(client.get(f"/vendors/{vendor.tax_code}"))
    assert "HET-HAN-1" in body and "CON-HAN-1" in body
    assert body.count("Đã hết hạn") == 1 and body.count("Sắp hết hạn") == 1
    assert body.index("SAP-HET-1") < body.index("Sắp hết hạn") < body.index("CON-HAN-1")
    row = body[body.index("HET-HAN-1"):body.index("HET-HAN-1") + 400]
    assert "Đã hết hạn" in row
    assert "/file" not in body  # the public never gets the download link


def test_the_pdf_downloads_for_its_vendor_and_admins_only(
        client, make_vendor, make_certification, make_user, login):
    vendor = make_vendor()
    cert = make_certification(vendor)
    url = f"/vendors/certifications/{cert.id}/file"
    assert client.get(url).status_code == 302  # to the login page
    login(first_user(vendor))
    response = client.get(url)
    assert response.status_code == 200 and response.data == MINIMAL_PDF
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    client.post("/accounts/logout")
    login(first_user(make_vendor()))
    assert client.get(url).status_code == 404
    client.post("/accounts/logout")
    login(make_user("agency_staff"))
    assert client.get(url).status_code == 403
    client.post("/accounts/logout")
    login(make_user("admin"))
    assert client.get(url).data == MINIMAL_PDF
    assert "Tải bản PDF" in text(client.get(f"/vendors/{vendor.tax_code}"))


def test_deleting_a_certification_asks_first_and_is_recorded(
        client, make_vendor, make_certification, login):
    vendor = make_vendor()
    cert = make_certification(vendor, number="XOA-1")
    login(first_user(vendor))
    assert "Xóa chứng chỉ XOA-1?" in text(client.get(
        f"/vendors/profile/certifications/{cert.id}/delete"))
    assert db.session.get(Certification, cert.id) is not None
    client.post(f"/vendors/profile/certifications/{cert.id}/delete")
    assert db.session.get(Certification, cert.id) is None
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "certification.delete")) == "certification.delete"


def test_validity_is_counted_to_the_last_day(make_vendor, make_certification):
    cert = make_certification(make_vendor(), expires_in=0)
    assert not cert.expired_on(cert.expires_on)
    assert cert.expired_on(cert.expires_on + timedelta(days=1))


def test_a_file_name_with_control_characters_is_kept_clean_and_downloads(
        client, make_vendor, login):
    # (CR/LF cannot travel through the test client's multipart body; core.files'
    # clean_file_name, tested in tests/test_input_edges.py, drops them like these.)
    login(first_user(make_vendor()))
    assert post(client, form(name="ISO\x1b\x07 bản\x7f gốc.pdf")).status_code == 302
    cert = db.session.scalar(select(Certification))
    assert cert.file_name == "ISO bản gốc.pdf"
    response = client.get(f"/vendors/certifications/{cert.id}/file")
    assert response.status_code == 200 and response.data == MINIMAL_PDF
    assert not any(c in response.headers["Content-Disposition"] for c in "\x1b\x07\x7f")
