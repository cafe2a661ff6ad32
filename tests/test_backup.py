"""Data safety: backup and restore of the database and instance folders (SQLite or PostgreSQL,
whichever the suite runs on), atomic file writes, and failures that leave the database as it
was."""
import hashlib
import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import backup
from accounts.models import AuditEvent, User
from accounts.sessions import session_values
from contracts.models.contract import Contract, ContractCounter
from documents import storage
from documents.models import GeneratedDocument
from contracts.services import document as generation
from contracts.services import lifecycle
from core.files import write_atomically
from extensions import db
from tests.conftest import make_app
from tests.contracts.wizard_helpers import run_wizard
from tests.helpers import MINIMAL_PDF
from vendors.models import Certification

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tools(app):
    """PostgreSQL needs its client tools; SQLite needs nothing."""
    if db.engine.dialect.name == "postgresql" and not (shutil.which("pg_dump")
                                                       and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    return db.engine.dialect.name


def row_counts() -> dict[str, int]:
    """Rows of every table, the Alembic version included."""
    db.session.remove()
    counts = {t.name: db.session.scalar(select(func.count()).select_from(t))
              for t in db.metadata.sorted_tables}
    counts["alembic_version"] = db.session.scalar(text("SELECT count(*) FROM alembic_version"))
    db.session.remove()
    return counts


def digests(instance: Path) -> dict[str, str]:
    """SHA-256 of every file in the instance data folders, by relative path."""
    return {p.relative_to(instance).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in backup.DATA_FOLDERS for p in sorted((instance / folder).rglob("*"))
            if p.is_file()}


@pytest.fixture
def data(app, make_user, make_vendor, make_certification):
    """Users, a vendor with a stored PDF, and a file in each other data folder."""
    instance = Path(app.instance_path)
    for folder in backup.DATA_FOLDERS:  # files left by earlier tests are not this test's
        shutil.rmtree(instance / folder, ignore_errors=True)
    make_user("agency_staff")
    make_user("admin")
    vendor = make_vendor()
    make_certification(vendor)
    write_atomically(instance / "generated" / "hop-dong.docx", b"PK hop dong goc")
    write_atomically(instance / "signed" / "ban-ky.pdf", MINIMAL_PDF)
    write_atomically(instance / "templates" / "mau" / "v2.docx", b"PK mau v2")
    return instance


def run(runner, *args, **kwargs):
    result = runner.invoke(args=[str(a) for a in args], **kwargs)
    return result


def test_backup_then_restore_brings_back_every_row_and_file(runner, tools, data, tmp_path,
                                                            make_user):
    before_rows, before_files = row_counts(), digests(data)
    target = data / "generated" / "hop-dong.docx"
    original = hashlib.sha256(target.read_bytes()).hexdigest()
    archive = tmp_path / "sao-luu.tar.gz"

    result = run(runner, "backup", archive)
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu cơ sở dữ liệu" in result.output and archive.is_file()

    make_user("legal_drafter")  # rows added, changed and removed; files changed and added
    db.session.delete(db.session.scalar(select(Certification)))
    db.session.execute(AuditEvent.__table__.delete())
    db.session.commit()
    target.write_bytes(b"PK hop dong da bi sua")
    (data / "uploads" / "moi.pdf").write_bytes(MINIMAL_PDF)
    shutil.rmtree(data / "templates")
    assert row_counts() != before_rows and digests(data) != before_files

    result = run(runner, "restore", archive, "--yes")
    assert result.exit_code == 0, result.output
    assert "Đã khôi phục" in result.output
    assert row_counts() == before_rows
    assert digests(data) == before_files
    assert hashlib.sha256(target.read_bytes()).hexdigest() == original
    assert db.session.scalar(select(func.count()).select_from(User)) == 3  # and it is usable


def test_the_archive_holds_a_manifest_the_dump_and_the_folders(runner, tools, data, tmp_path):
    result = run(runner, "backup", tmp_path)  # a folder: a dated file is made inside it
    assert result.exit_code == 0, result.output
    [archive] = tmp_path.glob("thue-dv-cntt-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    dump = "database.sqlite" if tools == "sqlite" else "database.dump"
    assert {"manifest.json", dump, "instance/generated/hop-dong.docx",
            "instance/signed/ban-ky.pdf", "instance/templates/mau/v2.docx"} <= set(names)
    assert not [n for n in names if n.startswith("instance/") and n.endswith("config.py")]


def test_a_backup_never_overwrites_an_existing_file(runner, tools, data, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    archive.write_bytes(b"ban cu")
    result = run(runner, "backup", archive)
    assert result.exit_code != 0 and "đã tồn tại" in result.output
    assert archive.read_bytes() == b"ban cu"


def test_restore_asks_first_and_does_nothing_when_told_no(runner, tools, data, tmp_path,
                                                          make_user):
    archive = tmp_path / "sao-luu.tar.gz"
    assert run(runner, "backup", archive).exit_code == 0
    make_user("legal_drafter")
    before = row_counts()
    result = run(runner, "restore", archive, input="n\n")
    assert result.exit_code != 0 and "Tiếp tục?" in result.output
    assert row_counts() == before


def rewrite(archive: Path, out: Path, change) -> None:
    """Copy a backup, passing each member's bytes through change(name, data)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            blob = source.extractfile(member).read() if member.isfile() else None
            if blob is not None:
                blob = change(member.name, blob)
                member.size = len(blob)
            target.addfile(member, io.BytesIO(blob) if blob is not None else None)


def test_a_tampered_backup_is_refused_before_anything_is_touched(runner, tools, data, tmp_path,
                                                                 make_user):
    archive, tampered = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    assert run(runner, "backup", archive).exit_code == 0
    rewrite(archive, tampered, lambda name, blob: b"PK doi" if name.endswith("hop-dong.docx")
            else blob)
    make_user("legal_drafter")
    before_rows, before_files = row_counts(), digests(data)
    result = run(runner, "restore", tampered, "--yes")
    assert result.exit_code != 0 and "đã bị thay đổi" in result.output
    assert row_counts() == before_rows and digests(data) == before_files


def test_an_archive_reaching_outside_the_instance_folder_is_refused(runner, tools, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        for name in ("manifest.json", "../../thoat-ra-ngoai.txt"):
            info = tarfile.TarInfo(name)
            info.size = 2
            tar.addfile(info, io.BytesIO(b"{}"))
    result = run(runner, "restore", evil, "--yes")
    assert result.exit_code != 0 and "nội dung lạ" in result.output
    assert not (tmp_path.parent / "thoat-ra-ngoai.txt").exists()


def test_a_backup_of_the_other_database_kind_is_refused(app, tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    other = "postgresql" if db.engine.dialect.name == "sqlite" else "sqlite"
    (work / backup.DUMP_NAMES[other]).write_bytes(b"dump")
    manifest = {"format": 1, "database": other, "database_file": backup.DUMP_NAMES[other],
                "database_sha256": hashlib.sha256(b"dump").hexdigest(), "files": {},
                "created_at": "", "alembic_revision": None}
    (work / "manifest.json").write_text(json.dumps(manifest))
    archive = tmp_path / "khac.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in work.iterdir():
            tar.add(path, arcname=path.name)
    with pytest.raises(backup.BackupError, match="không khôi phục chéo"):
        backup.read_backup(archive, Path(app.instance_path), db.engine.url)


def test_missing_postgresql_tools_give_a_clear_error(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(backup.BackupError, match="postgresql-client"):
        backup.pg_tool("pg_dump")


def test_the_database_password_goes_to_the_environment_not_the_command_line():
    from sqlalchemy.engine import make_url

    url = make_url("postgresql+psycopg://nguoi:mat-khau@db.example:6543/thue?sslmode=require")
    env = backup.pg_environment(url)
    assert (env["PGUSER"], env["PGPASSWORD"], env["PGHOST"], env["PGPORT"], env["PGDATABASE"],
            env["PGSSLMODE"]) == ("nguoi", "mat-khau", "db.example", "6543", "thue", "require")


def test_an_in_memory_sqlite_database_cannot_be_backed_up():
    from sqlalchemy.engine import make_url

    with pytest.raises(backup.BackupError, match="trong bộ nhớ"):
        backup.sqlite_path(make_url("sqlite://"))


# --- atomic writes ---------------------------------------------------------------------------

# Every place the application writes a file, and why it is safe. A new write must go through
# core.files (write_atomically, store), or be added here with its reason.
WRITES = {
    "core/files.py": "write_atomically: temp file in the same folder, fsync, os.replace",
    "documents/pdf.py": "a scratch .docx in a private temporary folder",
    "documents/engine.py": "saves into an in-memory BytesIO",
    "core/exports.py": "an .xlsx saved into an in-memory BytesIO",
    "backup.py": "the archive is built in a temporary folder, then os.replace",
    "core/jobs/runner.py": "JobRun.output: a part file named after the job, fsync, os.replace",
}
WRITE_CALL = re.compile(r"\.write_bytes\(|\.write_text\(|\bopen\([^)]*['\"][wax]b?['\"]|"
                        r"shutil\.copy|\.save\(|os\.fdopen\(")
APP_CODE = ["app.py", "backup.py", "extensions.py", "core", "accounts", "catalog", "vendors",
            "documents", "plans", "contracts"]


def test_every_file_the_app_writes_is_written_atomically_or_explained():
    writers = set()
    for entry in APP_CODE:
        paths = [ROOT / entry] if entry.endswith(".py") else (ROOT / entry).rglob("*.py")
        for path in paths:
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("documents/template_builder/"):
                continue  # a developer tool writing the committed templates, not runtime data
            if WRITE_CALL.search(path.read_text(encoding="utf-8")):
                writers.add(relative)
    assert sorted(writers - set(WRITES)) == []


# --- failures halfway leave the database as it was --------------------------------------------


@pytest.fixture
def server(migrated, tmp_path):
    """A second app, as a server runs it: each request has its own app context (so its own
    session, removed at the end), and an exception becomes the 500 page."""
    return make_app(migrated, tmp_path, PROPAGATE_EXCEPTIONS=False)


@pytest.fixture
def drafted(app, client, login, make_user, make_vendor, make_offering):
    """A complete draft contract of an agency, never generated; the owner."""
    owner = make_user("agency_staff", name="Sở thử", short_name="ST")
    offering = make_offering(make_vendor(), "HT-001", unit_price=1_000_000, price_public=True)
    login(owner)
    contract = run_wizard(client, offering)
    db.session.commit()
    return contract, owner


def signed_in(server, user):
    browser = server.test_client()
    with browser.session_transaction() as session:
        session.update(session_values(user))
    return browser


def generated_files(app) -> set[str]:
    folder = Path(app.instance_path) / "generated"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def assert_nothing_generated(contract_id: int) -> None:
    db.session.remove()
    contract = db.session.get(Contract, contract_id)
    assert contract.number is None and contract.number_seq is None
    assert contract.template_id is None
    assert db.session.scalar(select(func.count()).select_from(GeneratedDocument)) == 0
    assert db.session.scalar(select(func.count()).select_from(ContractCounter)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "contract.generate")) == 0


def test_a_failure_while_rendering_leaves_no_number_and_no_document(app, server, drafted,
                                                                    monkeypatch):
    contract, owner = drafted
    files = generated_files(app)

    def broken(*args, **kwargs):
        raise RuntimeError("docxtpl hỏng giữa chừng")

    monkeypatch.setattr(generation, "render_docx", broken)
    response = signed_in(server, owner).post(f"/contracts/{contract.id}/generate")
    assert response.status_code == 500 and "Đã xảy ra lỗi hệ thống" in response.get_data(True)
    assert_nothing_generated(contract.id)
    assert generated_files(app) == files


def test_a_failure_after_the_file_is_stored_leaves_the_database_as_it_was(app, server, drafted,
                                                                          monkeypatch):
    contract, owner = drafted

    def broken(*args, **kwargs):
        raise RuntimeError("mất kết nối khi ghi nhật ký")

    monkeypatch.setattr(generation, "record_event", broken)
    response = signed_in(server, owner).post(f"/contracts/{contract.id}/generate")
    assert response.status_code == 500
    assert_nothing_generated(contract.id)
    # The stored file may stay: it is named by its SHA-256, so a retry writes the same name.
    db.session.remove()
    monkeypatch.undo()
    retry = signed_in(server, owner).post(f"/contracts/{contract.id}/generate")
    assert retry.status_code == 302
    assert len(storage.documents_of("contract", contract.id)) == 1


def test_a_failure_halfway_through_signing_leaves_the_contract_approved(app, server, drafted,
                                                                        make_user, monkeypatch):
    contract, owner = drafted
    assert signed_in(server, owner).post(f"/contracts/{contract.id}/generate").status_code == 302
    db.session.remove()
    contract = db.session.get(Contract, contract.id)
    contract.status = "approved"  # how it got there is tests/contracts/test_lifecycle.py's
    db.session.commit()
    signed_on = contract.contract_date.isoformat()

    def broken(*args, **kwargs):
        raise RuntimeError("lỗi giữa chừng khi ghi nhật ký")

    monkeypatch.setattr(lifecycle, "record_event", broken)
    response = signed_in(server, owner).post(f"/contracts/{contract.id}/lifecycle/sign", data={
        "signed_on": signed_on, "a_name": "Nguyễn Văn Minh", "a_position": "Giám đốc",
        "b_name": "Trần Thị Lan", "b_position": "Tổng Giám đốc"})
    assert response.status_code == 500
    db.session.remove()
    assert db.session.get(Contract, contract.id).status == "approved"
    record = lifecycle.lifecycle_of(db.session.get(Contract, contract.id), create=False)
    assert record.signed_on is None
    assert db.session.scalar(select(func.count()).select_from(
        lifecycle.ContractTransition)) == 0
