"""Signed copies: PDF checks (fakes refused, pyHanko's incremental signatures accepted),
storage by SHA-256, digital signatures read with pyHanko, and the draft's PDF button on the
contract page."""
import hashlib
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import current_app
from sqlalchemy import select

from accounts.models import AuditEvent
from contracts.models.signed_copy import SignedCopy
from extensions import db
from core.pdf import pdf_problem
from tests.contracts.lifecycle_helpers import switch
from tests.core.test_pdf_uploads import embedded_file, open_action_javascript, written, zip_bytes
from tests.helpers import MINIMAL_PDF, text

SIGNER = "Nguyễn Văn Minh"


def blank_pdf() -> bytes:
    """A one-page A4 PDF written by pyHanko's own writer."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    size = [generic.NumberObject(n) for n in (0, 0, 595, 842)]
    writer.insert_page(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject(size),
        generic.NameObject("/Resources"): generic.DictionaryObject()}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def certificate():
    """A self-signed signing certificate made here (no network, nothing downloaded)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SIGNER),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở KH&CN Thái Nguyên")])
    now = datetime.now(timezone.utc)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_cert_sign=True,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          crl_sign=False, encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True).sign(key, hashes.SHA256()))
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert, der_key


def signed_pdf(certificate, data: bytes | None = None, field: str = "ChuKyBenA") -> bytes:
    """blank_pdf() (or `data`) signed with pyHanko and the test certificate: an incremental
    update, so one more %%EOF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    cert, der_key = certificate
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key), cert_registry=None)
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data or blank_pdf())),
                           signers.PdfSignatureMetadata(field_name=field), signer=signer)
    return out.getvalue()


def upload(client, contract, data: bytes, name: str = "hop-dong-da-ky.pdf"):
    return client.post(f"/contracts/{contract.id}/signed-copies", follow_redirects=True,
                       content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name)})


def copies() -> list[SignedCopy]:
    return list(db.session.scalars(select(SignedCopy).order_by(SignedCopy.id)))


def test_an_unsigned_pdf_is_stored_under_its_sha256_and_shows_no_digital_signature(
        client, signed, app):
    data = blank_pdf()
    response = upload(client, signed, data)
    assert response.status_code == 200
    digest = hashlib.sha256(data).hexdigest()
    page = text(response)
    assert "Đã lưu bản đã ký." in page and digest in page and "Không có chữ ký số" in page
    stored = Path(app.instance_path) / "signed" / f"{digest}.pdf"
    assert stored.read_bytes() == data
    [copy] = copies()
    assert (copy.owner_type, copy.owner_id, copy.sha256, copy.size, copy.signatures) == (
        "contract", signed.id, digest, len(data), [])
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "contract.signed_copy")).changes["sha256"] == digest
    download = client.get(f"/contracts/{signed.id}/signed-copies/{copy.id}")
    assert download.status_code == 200 and download.data == data


def test_a_pdf_signed_with_pyhanko_shows_its_signer_but_cannot_be_verified_without_a_trust_root(
        client, signed, certificate):
    response = upload(client, signed, signed_pdf(certificate))
    assert response.status_code == 200
    assert f"Chữ ký số: {SIGNER}, không xác minh được" in text(response)
    [copy] = copies()
    [found] = copy.signatures
    assert found["signer"] == SIGNER and found["intact"] and found["valid"]
    assert not found["trusted"] and not found["verified"]


def test_a_signature_chaining_to_a_configured_trust_root_is_valid(client, signed, certificate,
                                                                  tmp_path):
    root = tmp_path / "root.pem"
    root.write_bytes(certificate[0].public_bytes(serialization.Encoding.PEM))
    current_app.config["SIGNATURE_TRUST_ROOTS"] = [str(root)]
    response = upload(client, signed, signed_pdf(certificate))
    assert f"Chữ ký số: {SIGNER}, hợp lệ" in text(response)
    assert copies()[0].signatures[0]["verified"] is True


def test_a_pdf_changed_after_signing_cannot_be_verified(client, signed, certificate, tmp_path):
    root = tmp_path / "root.der"
    root.write_bytes(certificate[0].public_bytes(serialization.Encoding.DER))
    current_app.config["SIGNATURE_TRUST_ROOTS"] = [str(root)]
    data = signed_pdf(certificate)
    tampered = data.replace(b"/MediaBox [ 0 0 595 842 ]", b"/MediaBox [ 0 0 595 843 ]", 1)
    assert tampered != data
    response = upload(client, signed, tampered)
    assert f"Chữ ký số: {SIGNER}, không xác minh được" in text(response)
    assert copies()[0].signatures[0]["intact"] is False


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 not a pdf %%EOF", "Tệp không phải PDF"),
    (b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", "Tệp PDF không đầy đủ"),
    (MINIMAL_PDF + b" " * 2048, "vượt quá dung lượng cho phép"),
])
def test_uploads_are_checked_by_content_and_size_not_by_name(client, signed, data, message):
    current_app.config["SIGNED_PDF_MAX_BYTES"] = 1024
    response = upload(client, signed, data, name="ban-ky.pdf")
    assert response.status_code == 200 and message in text(response)
    assert copies() == []


def test_pdfs_signed_once_and_twice_by_pyhanko_pass_the_pdf_check(certificate):
    once = signed_pdf(certificate)
    twice = signed_pdf(certificate, once, "ChuKyBenB")
    assert once.count(b"%%EOF") == 2 and twice.count(b"%%EOF") == 3
    assert pdf_problem(once) is None and pdf_problem(twice) is None


def test_a_pdf_signed_by_both_parties_is_stored_with_both_signatures(client, signed,
                                                                     certificate):
    response = upload(client, signed, signed_pdf(certificate, signed_pdf(certificate),
                                                 "ChuKyBenB"))
    assert "Đã lưu bản đã ký." in text(response)
    assert [s["signer"] for s in copies()[0].signatures] == [SIGNER, SIGNER]


def fakes(certificate) -> list:
    return [
        (b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n",
         "Tệp tải lên không phải là PDF hợp lệ:"),
        (signed_pdf(certificate) + zip_bytes(),
         "Tệp PDF có dữ liệu lạ nối thêm sau phần kết thúc (%%EOF); hãy xuất lại tệp PDF từ "
         "máy quét hoặc phần mềm ký."),
        (written(open_action_javascript),
         "Tệp PDF chứa nội dung có thể tự thực thi (JavaScript/tệp đính kèm…); hãy in lại "
         "thành PDF thường rồi tải lên."),
        (written(embedded_file), "Tệp PDF chứa nội dung có thể tự thực thi"),
    ]


@pytest.mark.parametrize("case", range(4), ids=["html", "zip-appended", "javascript",
                                                "embedded-file"])
def test_a_fake_signed_copy_is_refused_with_its_reason_and_nothing_is_kept(
        client, signed, certificate, app, case):
    data, message = fakes(certificate)[case]
    response = upload(client, signed, data)
    assert response.status_code == 200
    page = text(response)
    assert message in page and "Đã lưu bản đã ký." not in page
    assert copies() == []
    digest = hashlib.sha256(data).hexdigest()
    assert not (Path(app.instance_path) / "signed" / f"{digest}.pdf").exists()
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "contract.signed_copy")) is None


def test_an_empty_upload_is_refused(client, signed):
    response = upload(client, signed, b"")
    assert response.status_code == 200
    assert "Tệp tải lên đang trống." in text(response)
    assert copies() == []


def test_a_signed_copy_cannot_be_uploaded_before_signing(client, login, people, contract):
    login(people.staff)
    response = upload(client, contract, blank_pdf())
    assert "Chỉ tải lên bản đã ký sau khi ghi nhận ký kết" in text(response)
    assert "“Bản nháp”" in text(response) and copies() == []


def test_the_vendor_cannot_upload_but_can_read_the_signed_copy(client, login, people, signed):
    upload(client, signed, blank_pdf())
    switch(client, login, people.vendor)
    response = client.post(f"/contracts/{signed.id}/signed-copies",
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO(blank_pdf()), "khac.pdf")})
    assert response.status_code == 403
    assert client.get(f"/contracts/{signed.id}/signed-copies/{copies()[0].id}").status_code == 200
    assert len(copies()) == 1


def test_other_organisations_get_404_for_the_signed_copy(client, login, people, signed):
    upload(client, signed, blank_pdf())
    switch(client, login, people.outsider_legal)
    assert client.get(f"/contracts/{signed.id}/signed-copies/{copies()[0].id}").status_code == 404
    assert client.post(f"/contracts/{signed.id}/signed-copies").status_code == 404
