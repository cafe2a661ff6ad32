"""The administrators' open-data export: every signed contract in one OCDS release package, made
by a job and downloaded once done; valid against the OCDS 1.1.5 schemas."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import AuditEvent
from contracts.tasks import EXPORTS
from core.jobs.models import Job
from extensions import db
from tests.contracts.lifecycle_helpers import advance
from tests.contracts.test_ocds import validator


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def signed(people, contract):
    advance(contract, people, "signed")
    return contract


def start_export(client, login, admin) -> int:
    login(admin)
    response = client.post("/contracts/exports/ocds")
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_the_export_runs_as_a_job_and_its_file_is_a_valid_ocds_package(
        app, client, login, admin, signed):
    job_id = start_export(client, login, admin)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Xuất dữ liệu mở OCDS của mọi hợp đồng đã ký" in page and "Đã xong" in page
    assert "Đã xuất 1 hợp đồng thành một gói phát hành OCDS 1.1." in page
    assert '<progress value="1" max="1">1/1</progress>' in page
    link = f"/contracts/exports/ocds/{job_id}"
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    package = json.loads(response.get_data())
    errors = sorted(validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert [release["ocid"] for release in package["releases"]] == [f"ocds-thuedv-{signed.id}"]
    assert package["uri"] == f"http://localhost{link}"
    single = client.get(f"/api/v1/contracts/{signed.id}/ocds").get_json()
    assert package["releases"] == single["releases"]  # the same release as the API's own
    files = list((Path(app.instance_path) / EXPORTS).iterdir())
    assert [f.name for f in files] == [db.session.get(Job, job_id).result["file"]]


def test_starting_an_export_is_recorded_in_the_audit_trail(client, login, admin, signed):
    job_id = start_export(client, login, admin)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.start"))
    assert (event.object_type, event.object_id, event.user_id) == ("job", str(job_id), admin.id)
    assert "OCDS" in event.summary


def test_with_no_signed_contract_the_export_fails_and_says_why(client, login, admin, contract):
    job_id = start_export(client, login, admin)  # the contract is a draft: not open data
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Không thành công" in page
    assert "Chưa có hợp đồng nào đã ký nên chưa có dữ liệu mở để xuất." in page
    assert client.get(f"/contracts/exports/ocds/{job_id}").status_code == 404


def test_the_page_lists_the_exports_with_their_file(client, login, admin, signed):
    job_id = start_export(client, login, admin)
    html = client.get("/contracts/exports/").get_data(as_text=True)
    assert 'action="/contracts/exports/ocds"' in html and 'name="csrf_token"' in html
    assert f'href="/jobs/{job_id}">#{job_id}</a>' in html
    assert f'href="/contracts/exports/ocds/{job_id}"' in html


def test_only_administrators_export(client, login, people, signed):
    login(people.staff)
    assert client.get("/contracts/exports/").status_code == 403
    assert client.post("/contracts/exports/ocds").status_code == 403
    assert db.session.scalar(select(Job).where(Job.kind == "contracts.ocds_export")) is None


def test_only_a_finished_export_is_downloaded(client, login, admin):
    login(admin)
    row = Job(kind="contracts.ocds_export", user_id=admin.id, state="running", arguments={})
    other = Job(kind="tests.audit_then", user_id=admin.id, state="done", arguments={},
                result={"file": "../../app.sqlite"})
    db.session.add_all([row, other])
    db.session.commit()
    for job in (row, other):
        assert client.get(f"/contracts/exports/ocds/{job.id}").status_code == 404
