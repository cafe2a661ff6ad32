"""Signed PDF copies: checks, storage by SHA-256, and the digital signatures pyHanko reads."""
import logging
from io import BytesIO
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.audit import record_event
from accounts.models import User
from contracts.access import may_handle_signed_copies
from contracts.models.amendment import ContractAmendment
from contracts.models.contract import SIGNED, Contract
from contracts.models.signed_copy import SignedCopy
from contracts.services.lifecycle import LifecycleError, NotPermitted
from core import files
from core.i18n import in_vietnamese
from core.pdf import pdf_problem
from extensions import db

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SIGNED_STATUSES = {"contract": SIGNED, "amendment": ("signed",)}  # when a copy may be kept
log = logging.getLogger(__name__)


class SignedCopyError(LifecycleError):
    """A refused upload; the message is shown to the user."""


def signed_folder() -> Path:
    """Where signed copies live: <instance>/signed/<sha256>.pdf."""
    return Path(current_app.instance_path) / "signed"


def max_bytes() -> int:
    return current_app.config.get("SIGNED_PDF_MAX_BYTES", DEFAULT_MAX_BYTES)


def load_trust_roots(paths: list[str]) -> list[asn1_x509.Certificate]:
    """Certificates (PEM or DER files) that signatures must chain to, e.g. the national root CA."""
    roots = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots += [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True)]
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def _common_name(cert) -> str:
    names = cert.subject.native
    return names.get("common_name") or cert.subject.human_friendly


def read_signatures(data: bytes, trust_roots: list | None = None) -> list[dict]:
    """Each embedded PDF signature: signer, and whether pyHanko could verify it (offline)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        embedded = PdfFileReader(BytesIO(data), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - an unreadable structure simply shows no signature
        log.info("PDF structure unreadable by pyHanko", exc_info=True)
        return []
    found = []
    for signature in embedded:
        item = {"signer": "", "intact": False, "valid": False, "trusted": False,
                "verified": False, "signed_at": None}
        try:
            item["signer"] = _common_name(signature.signer_cert)
            context = ValidationContext(trust_roots=list(trust_roots or []), allow_fetching=False)
            status = validate_pdf_signature(signature, context)
        except Exception:  # noqa: BLE001 - any failure means "could not be verified"
            log.info("PDF signature could not be validated", exc_info=True)
        else:
            item.update(signer=_common_name(status.signing_cert), intact=bool(status.intact),
                        valid=bool(status.valid), trusted=bool(status.trusted),
                        verified=bool(status.bottom_line),
                        signed_at=(status.signer_reported_dt.isoformat()
                                   if status.signer_reported_dt else None))
        found.append(item)
    return found


def describe(signatures: list[dict]) -> str:
    """“Chữ ký số: <signer>, hợp lệ” or “…, không xác minh được”; or “Không có chữ ký số”."""
    if not signatures:
        return _("Không có chữ ký số")
    unknown = _("không rõ người ký")
    return "; ".join(_("Chữ ký số: %(signer)s, hợp lệ", signer=s["signer"] or unknown)
                     if s["verified"] else
                     _("Chữ ký số: %(signer)s, không xác minh được", signer=s["signer"] or unknown)
                     for s in signatures)


def upload_signed_copy(contract: Contract, data: bytes, file_name: str, *, actor: User,
                       amendment: ContractAmendment | None = None) -> SignedCopy:
    """Check and keep the signed PDF of a signed contract or amendment, reading its signatures."""
    owner_type = "amendment" if amendment else "contract"
    subject = amendment or contract
    if not may_handle_signed_copies(actor, contract):
        raise NotPermitted(_("Bạn không có quyền tải lên bản đã ký."))
    if subject.status not in SIGNED_STATUSES[owner_type]:
        raise SignedCopyError(_("Chỉ tải lên bản đã ký sau khi ghi nhận ký kết; văn bản đang ở "
                                "trạng thái “%(state)s”.", state=subject.status_label))
    if problem := pdf_problem(data, max_bytes(), _("văn bản đã ký")):
        raise SignedCopyError(problem)
    digest, size = files.store(data, signed_folder(), ".pdf")
    roots = load_trust_roots(current_app.config.get("SIGNATURE_TRUST_ROOTS", []))
    signatures = read_signatures(data, roots)
    copy = SignedCopy(owner_type=owner_type, owner_id=subject.id, file_name=file_name[:255],
                      sha256=digest, size=size, signatures=signatures, uploaded_by_id=actor.id)
    db.session.add(copy)
    db.session.flush()
    record_event(f"{owner_type}.signed_copy", owner_type, subject.id, user=actor,
                 summary=f"Tải lên bản đã ký {copy.file_name} (SHA-256 {digest}). "
                         f"{in_vietnamese(describe)(signatures)}",  # the trail's language
                 changes={"sha256": digest, "signatures": signatures})
    return copy


def signed_copies_of(owner_type: str, owner_id: int) -> list[SignedCopy]:
    """Signed copies of a contract or amendment, newest first."""
    return list(db.session.scalars(select(SignedCopy).where(
        SignedCopy.owner_type == owner_type, SignedCopy.owner_id == owner_id)
        .order_by(SignedCopy.id.desc())))


def read_signed_copy(copy: SignedCopy) -> bytes:
    """The stored bytes of a signed copy."""
    return (signed_folder() / f"{copy.sha256}.pdf").read_bytes()
