"""The contracts' long work, as jobs (core.jobs): the documents of many contracts, the
reminders, and every signed contract as one OCDS release package.

Each body only flushes; the worker commits its work together with the job's "done".
"""
import json
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts import notices
from accounts.audit import record_event
from contracts.models.contract import Contract
from contracts.services import acceptance, ocds
from contracts.reminders import send_reminders
from contracts.services.dashboard import reminder_lines
from contracts.services.document import generate_contract_document
from core import clock, jobs
from core.errors import Refused
from core.files import write_atomically
from documents import storage
from extensions import db
from plans.models import LeasePlan

EXPORTS = "exports"  # instance/exports/: the finished exports, one file per job
BATCH = 100  # contracts read at once by the export, so its session stays small
RECENT = 10  # exports listed on the page


# --- the documents of many contracts (flask contracts render-all) ----------------------------


def render_one(contract_id: int) -> list:
    """Generate one contract's document in a savepoint: ["done", None], ["skipped", why]
    when its text may not be generated now (signed, in review, unfinished), or ["failed",
    the error]; a refusal or failure rolls back this contract only."""
    try:
        contract = db.session.get(Contract, contract_id)
        if contract is None:
            return ["failed", _("Không còn hợp đồng này trong cơ sở dữ liệu.")]
        with db.session.begin_nested():
            generate_contract_document(contract)
        return ["done", None]
    except Refused as error:
        return ["skipped", str(error)]
    except Exception as error:  # noqa: BLE001 - one bad contract must not stop the others
        return ["failed", _("Lỗi khi tạo văn bản (%(kind)s: %(error)s).",
                            kind=type(error).__name__, error=error)]
    finally:
        db.session.expunge_all()  # keep the session small over a chunk of contracts


@jobs.job("contracts.render_documents", label=_l("Tạo văn bản hợp đồng"))
def render_documents(run: jobs.JobRun, contract_ids: list[int]) -> dict:
    """The documents of a chunk of contracts; the outcome of each, by contract id."""
    outcomes = {}
    for done, contract_id in enumerate(contract_ids, start=1):
        outcomes[str(contract_id)] = render_one(contract_id)
        run.progress(done, len(contract_ids))
    counts = {kind: sum(1 for outcome, _why in outcomes.values() if outcome == kind)
              for kind in ("done", "skipped", "failed")}
    return {"outcomes": outcomes,
            "message": _("%(done)s hợp đồng đã tạo văn bản, %(skipped)s bỏ qua, %(failed)s lỗi.",
                         **counts)}


# --- the reminders (flask contracts remind, daily from cron) ----------------------------------


@jobs.job("contracts.reminders", label=_l("Nhắc việc hợp đồng"))
def reminders(run: jobs.JobRun, days: int) -> dict:
    """Per agency, contracts expiring within `days` and overdue acceptances, as text lines;
    each agency's people are told in the application and by e-mail (once per item and day)."""
    with notices.outside_requests():
        told = send_reminders(days)
    return {"lines": reminder_lines(days) + [_("Đã gửi %(told)s thông báo mới.", told=told)],
            "notices": told}


# --- every signed contract as one OCDS release package ---------------------------------------


def _builder(site: str):
    """Build absolute URLs of this application at `site` (the address the export was asked
    from): a worker has no request to take the host from."""
    parts = urlsplit(site)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "http")
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)


def _releases(ids: list[int], url, run: jobs.JobRun) -> list[dict]:
    """The release of each contract, as the API gives it one by one, in batches."""
    releases, today = [], clock.today()
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        records = acceptance.records_by_contract(batch)
        contracts = db.session.scalars(select(Contract).where(Contract.id.in_(batch))
                                       .order_by(Contract.id))
        for contract in contracts:
            plan = db.session.get(LeasePlan, contract.plan_id) if contract.plan_id else None
            package = ocds.release_package(
                contract, records=records[contract.id], plan=plan, today=today,
                documents=storage.documents_of("contract", contract.id),
                uri=url("contracts_api.contract_ocds", contract_id=contract.id))
            releases += package["releases"]
        db.session.expunge_all()
        run.progress(start + len(batch), len(ids))
    return releases


@jobs.job("contracts.ocds_export", label=_l("Xuất dữ liệu mở OCDS của mọi hợp đồng đã ký"))
def ocds_export(run: jobs.JobRun, site: str) -> dict:
    """One OCDS 1.1 release package of every contract visible publicly (signed, active,
    ended), written whole to instance/exports/ or not at all."""
    ids = list(db.session.scalars(select(Contract.id).order_by(Contract.id)
                                  .where(Contract.status.in_(ocds.PUBLIC_STATUSES))))
    if not ids:
        raise Refused(_("Chưa có hợp đồng nào đã ký nên chưa có dữ liệu mở để xuất."))
    run.progress(0, len(ids))
    url = _builder(site)
    releases = _releases(ids, url, run)
    now = clock.utcnow()
    name = f"ocds-{now:%Y%m%d-%H%M%S}-{run.id}.json"
    package = {"uri": url("contracts_exports.download", job_id=run.id), "version": "1.1",
               "publishedDate": ocds.moment(now), "publisher": {"name": ocds.PUBLISHER},
               "releases": releases}
    write_atomically(Path(current_app.instance_path) / EXPORTS / name,
                     json.dumps(package, ensure_ascii=False).encode("utf-8"))
    return {"file": name, "contracts": len(ids),
            "download": {"endpoint": "contracts_exports.download", "values": {"job_id": run.id},
                         "label": _("Tải tệp JSON")},
            "message": _("Đã xuất %(count)s hợp đồng thành một gói phát hành OCDS 1.1.",
                         count=len(ids))}


def start_ocds_export(actor, *, site: str) -> jobs.Job:
    """Queue the export for `actor` (an administrator), with its audit event."""
    row = jobs.enqueue(ocds_export, user=actor, site=site)
    record_event("job.start", "job", row.id, user=actor,
                 summary="Bắt đầu xuất dữ liệu mở OCDS của mọi hợp đồng đã ký.")
    return row


def recent_exports() -> list[jobs.Job]:
    """The latest exports, newest first."""
    return list(db.session.scalars(select(jobs.Job).where(jobs.Job.kind == ocds_export.name)
                                   .order_by(jobs.Job.id.desc()).limit(RECENT)))


def export_file(job_id: int) -> Path | None:
    """The file of finished export `job_id`, or None (not an export, not done, gone)."""
    row = jobs.get(job_id)
    if row is None or row.kind != ocds_export.name or row.state != "done" or not row.result:
        return None
    path = Path(current_app.instance_path) / EXPORTS / Path(row.result["file"]).name
    return path if path.is_file() else None
