"""Bad uploads: certificates, signed copies of contracts and Word templates are refused by
content (a PDF must parse, end at its %%EOF and run nothing), size and expansion, never with
a 500."""
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core import clock
from core.pdf import pdf_problem
from documents.engine import MAX_TEMPLATE_BYTES
from documents.models import DocumentTemplate
from documents.template_check import validate_template
from extensions import db
from tests.access_world import build_world
from tests.core.test_pdf_uploads import (embedded_file, incremental_update,
                                         open_action_javascript, written, zip_bytes)
from tests.helpers import MINIMAL_PDF, first_user
from vendors.models import Certification

pytestmark = pytest.mark.slow  # generated inputs
REAL_PDFS = [MINIMAL_PDF, written(pages=2), incremental_update(written())]


# --- uploads: certificates -------------------------------------------------------------------


def certification_form(pdf: bytes, name: str = "chung-chi.pdf") -> dict:
    return {"kind": "iso27001", "number": "VN-27001-123", "issuer": "Tổ chức chứng nhận",
            "issued_on": "2025-01-10", "expires_on": "2028-01-09",
            "file": (io.BytesIO(pdf), name)}


def post_certification(client, pdf: bytes, name: str = "chung-chi.pdf"):
    return client.post("/vendors/profile/certifications/new", data=certification_form(pdf, name),
                       content_type="multipart/form-data")


@given(st.binary(max_size=2048))
def test_the_pdf_check_answers_any_bytes(data: bytes) -> None:
    problem = pdf_problem(data, 1024, "chứng chỉ")
    assert problem is None or isinstance(problem, str)
    if problem is None:
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] and len(data) <= 1024


@given(st.data())
@settings(deadline=None)
def test_the_pdf_check_answers_any_damage_to_a_real_pdf(data) -> None:
    pdf = bytearray(data.draw(st.sampled_from(REAL_PDFS)))
    at = data.draw(st.integers(0, len(pdf)))
    bytes_ = data.draw(st.binary(min_size=1, max_size=64))
    how = data.draw(st.sampled_from(["insert", "overwrite", "cut"]))
    if how == "insert":
        pdf[at:at] = bytes_
    elif how == "overwrite":
        pdf[at:at + len(bytes_)] = bytes_
    else:
        del pdf[at:at + len(bytes_)]
    problem = pdf_problem(bytes(pdf), 1024 * 1024, "chứng chỉ")
    assert problem is None or isinstance(problem, str)


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4\n<html><body>ISO 27001</body></html>\n%%EOF\n",
     "Tệp tải lên không phải là PDF hợp lệ:"),
    (MINIMAL_PDF + zip_bytes(), "Tệp PDF có dữ liệu lạ nối thêm sau phần kết thúc (%%EOF)"),
    (written(open_action_javascript), "Tệp PDF chứa nội dung có thể tự thực thi"),
    (written(embedded_file), "Tệp PDF chứa nội dung có thể tự thực thi"),
], ids=["html", "zip-appended", "javascript", "embedded-file"])
def test_a_certificate_that_only_looks_like_a_pdf_is_refused(client, make_vendor, login, data,
                                                             message):
    login(first_user(make_vendor()))
    response = post_certification(client, data)
    assert response.status_code == 200 and message in response.get_data(True)
    assert db.session.scalar(select(Certification)) is None


@pytest.mark.parametrize("data, name", [
    (b"PK\x03\x04" + b"\0" * 200 + b"%%EOF", "chung-chi.pdf"),  # a zip named .pdf
    (b"<html><body>%PDF-1.4</body></html>\n%%EOF", "chung-chi.pdf"),  # PDF magic not first
    (b"GIF89a" + b"\0" * 100, "chung-chi.pdf"),
    (MINIMAL_PDF.replace(b"%PDF-", b"%PDF_"), "chung-chi.pdf"),
])
def test_certificates_are_checked_by_content_not_by_name(client, make_vendor, login, data,
                                                         name):
    login(first_user(make_vendor()))
    response = post_certification(client, data, name)
    assert response.status_code == 200 and "Tệp không phải PDF" in response.get_data(True)
    assert db.session.scalar(select(Certification)) is None


def test_a_real_pdf_with_any_name_is_accepted(client, make_vendor, login):
    login(first_user(make_vendor()))
    assert post_certification(client, MINIMAL_PDF, "anh-chup.png").status_code == 302


def test_a_request_over_the_server_limit_is_a_413_page_not_a_500(app, client, make_vendor,
                                                                 login):
    login(first_user(make_vendor()))
    big = b"%PDF-1.4\n" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1) + b"\n%%EOF\n"
    response = post_certification(client, big)
    assert response.status_code == 413
    assert "Tệp tải lên vượt quá dung lượng cho phép." in response.get_data(True)
    assert db.session.scalar(select(Certification)) is None


# --- uploads: signed copies of contracts ------------------------------------------------------


@pytest.fixture
def signed_world(app, client, login):
    """An active contract of agency A (tests/access_world.py); its owner signed in."""
    world = build_world()
    login(world.users["staff_a"])
    return world


def signed_copies() -> int:
    from contracts.models.signed_copy import SignedCopy

    return db.session.scalar(select(func.count()).select_from(SignedCopy))


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Tệp không phải PDF"),
    (b"PK\x03\x04" + b"0" * 100 + b"%%EOF", "Tệp không phải PDF"),
    (MINIMAL_PDF[:-7], "Tệp PDF không đầy đủ"),
    (b"", "Tệp tải lên đang trống."),
    (b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF", "không phải là PDF hợp lệ"),
    (MINIMAL_PDF + zip_bytes(), "dữ liệu lạ nối thêm sau phần kết thúc (%%EOF)"),
    (written(open_action_javascript), "nội dung có thể tự thực thi"),
])
def test_a_signed_copy_is_checked_by_content(client, signed_world, data, message):
    before = signed_copies()
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(data), "ban-ky.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and message in response.get_data(True)
    assert signed_copies() == before


def test_a_signed_copy_over_its_limit_is_refused(app, client, signed_world):
    app.config["SIGNED_PDF_MAX_BYTES"] = 1024
    before = signed_copies()
    big = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(big), "ban-ky.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "vượt quá dung lượng" in response.get_data(True) and signed_copies() == before
    too_big = b"%PDF-1.4\n" + b"0" * app.config["MAX_CONTENT_LENGTH"] + b"\n%%EOF\n"
    response = client.post(f"/contracts/{signed_world.active}/signed-copies",
                           data={"file": (io.BytesIO(too_big), "ban-ky.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and signed_copies() == before


# --- uploads: Word templates -----------------------------------------------------------------


def upload_template(client, data: bytes, name: str = "hop-dong.docx"):
    form = {"pack_id": "nd224-2026", "kind": "contract",
            "effective_from": clock.today().isoformat(), "notes": "Thử",
            "file": (io.BytesIO(data), name)}
    return client.post("/documents/templates/", data=form, content_type="multipart/form-data")


def new_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(DocumentTemplate).where(
        DocumentTemplate.version > 1))


def zip_of(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@given(st.binary(max_size=4096))
def test_the_template_check_answers_any_bytes(data: bytes) -> None:
    errors = validate_template(data, "contract")
    assert errors and all(isinstance(e, str) and e for e in errors)


@given(st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml",
                                        "word/styles.xml", "a/b.bin"]),
                       st.binary(max_size=512), max_size=4))
def test_the_template_check_answers_any_zip(members: dict) -> None:
    errors = validate_template(zip_of(members), "plan")
    assert errors and all(isinstance(e, str) and e for e in errors)


@pytest.mark.parametrize("data, name, message", [
    (MINIMAL_PDF, "hop-dong.docx", "không phải là tài liệu Word"),
    (b"PK\x03\x04 truncated zip", "hop-dong.docx", "không phải là tài liệu Word"),
    (zip_of({"hello.txt": "xin chào"}), "hop-dong.docx", "word/document.xml"),
    (b"PK" + b"\0" * (MAX_TEMPLATE_BYTES + 10), "hop-dong.docx", "lớn hơn 5 MiB"),
])
def test_the_template_upload_refuses_wrong_content_and_size_with_a_form_error(
        client, login, make_user, data, name, message):
    login(make_user("legal_drafter"))
    response = upload_template(client, data, name)
    assert response.status_code == 200 and message in response.get_data(True)
    assert new_versions() == 0


def test_the_template_upload_refuses_a_zip_bomb_docx(client, login, make_user):
    bomb = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>",
                   "word/media/bomb.bin": b"\0" * (51 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    login(make_user("legal_drafter"))
    response = upload_template(client, bomb)
    assert response.status_code == 200 and "50 MiB" in response.get_data(True)
    assert new_versions() == 0


def test_a_template_over_the_server_limit_is_a_413_page(app, client, login, make_user):
    login(make_user("legal_drafter"))
    response = upload_template(client, b"PK" + b"\0" * app.config["MAX_CONTENT_LENGTH"])
    assert response.status_code == 413
    assert "vượt quá dung lượng" in response.get_data(True)
    assert new_versions() == 0


def lying_zip(real_size: int, declared_size: int) -> bytes:
    """A .docx whose big member declares a small uncompressed size in both its headers."""
    data = bytearray(zip_of({"[Content_Types].xml": "<Types/>",
                             "word/document.xml": "<w:document/>",
                             "word/media/bomb.bin": b"\0" * real_size}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/media/bomb.bin")
    data[info.header_offset + 22:info.header_offset + 26] = declared_size.to_bytes(4, "little")
    central = data.index(b"PK\x01\x02" + data[data.index(b"PK\x01\x02") + 4:][:0])
    while True:  # the central directory entry of the bomb
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == b"word/media/bomb.bin":
            break
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24:central + 28] = declared_size.to_bytes(4, "little")
    return bytes(data)


def test_a_docx_that_lies_about_its_expanded_size_is_refused_as_damaged():
    bomb = lying_zip(60 * 1024 * 1024, 1024)  # 60 MiB inside, over the 50 MiB bound
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 4096  # it passes the size check
    errors = validate_template(bomb, "contract")
    assert len(errors) == 1 and "bị hỏng" in errors[0]
