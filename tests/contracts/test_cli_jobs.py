"""The commands that hand their work to jobs: `flask contracts remind` prints its job's lines,
`flask contracts render-all` follows one job per chunk of contracts."""
from sqlalchemy import select

from contracts import tasks
from core.errors import Refused
from core.jobs.models import Job
from core.jobs.runner import FAILED
from extensions import db
from tests.jobs.conftest import queue_app  # noqa: F401  (jobs sent to a broker, not run)


def jobs_of(kind: str) -> list[Job]:
    db.session.expire_all()
    return list(db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


def test_remind_prints_the_lines_its_job_worked_out(runner):
    result = runner.invoke(args=["contracts", "remind", "--days", "30"])
    assert result.exit_code == 0, result.output
    [row] = jobs_of("contracts.reminders")
    assert (row.state, row.arguments, row.user_id) == ("done", {"days": 30}, None)
    assert result.output.splitlines() == row.result["lines"]


def test_remind_says_so_when_its_job_fails(runner, monkeypatch):
    def refuse(days):
        raise Refused("Chưa tính được nhắc việc.")

    monkeypatch.setattr(tasks, "reminder_lines", refuse)
    result = runner.invoke(args=["contracts", "remind"])
    assert result.exit_code == 1
    assert "Chưa tính được nhắc việc." in result.output


def test_remind_gives_up_when_no_worker_takes_its_job(queue_app):  # noqa: F811
    result = queue_app.test_cli_runner().invoke(args=["contracts", "remind", "--timeout", "1"])
    assert result.exit_code == 1
    [row] = jobs_of("contracts.reminders")
    assert row.state == "queued"
    assert f"Công việc nhắc việc #{row.id} chưa xong sau 1 giây" in result.output
    assert f"flask jobs show {row.id}" in result.output


def test_render_all_records_one_job_per_chunk_with_each_contracts_outcome(runner, contract):
    result = runner.invoke(args=["contracts", "render-all", "--jobs", "3"])
    assert result.exit_code == 0, result.output
    assert "Xong: 1 hợp đồng đã tạo văn bản, 0 bỏ qua, 0 lỗi" in result.output
    [row] = jobs_of("contracts.render_documents")
    assert row.arguments == {"contract_ids": [contract.id]}
    assert (row.state, row.progress_done, row.progress_total) == ("done", 1, 1)
    assert row.result["outcomes"] == {str(contract.id): ["done", None]}
    assert row.message == "1 hợp đồng đã tạo văn bản, 0 bỏ qua, 0 lỗi."


def test_render_all_lists_every_contract_of_a_failed_job_as_failed(runner, contract,
                                                                   monkeypatch):
    def broken(contract_id):
        raise RuntimeError("hết bộ nhớ")

    monkeypatch.setattr(tasks, "render_one", broken)
    result = runner.invoke(args=["contracts", "render-all"])
    assert result.exit_code == 1
    assert (f"Lỗi – hợp đồng #{contract.id}: {FAILED} (RuntimeError: hết bộ nhớ)"
            in result.output)
    assert "Xong: 0 hợp đồng đã tạo văn bản, 0 bỏ qua, 1 lỗi" in result.output
