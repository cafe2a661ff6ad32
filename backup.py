"""`flask backup PATH` and `flask restore PATH`: the database and the instance data folders.

A backup is one .tar.gz holding manifest.json, the database and instance/<folder>/... for each
data folder (generated documents, uploads, signed copies, uploaded templates). SQLite is copied
with its online backup API, so a running server never yields a torn copy; PostgreSQL with
`pg_dump -Fc`, restored by `pg_restore --clean --if-exists` in one transaction. Restore checks
every file against the SHA-256 in the manifest before it touches anything.
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import URL

from extensions import db

FORMAT = 1
DATA_FOLDERS = ("generated", "uploads", "signed", "templates")
DUMP_NAMES = {"sqlite": "database.sqlite", "postgresql": "database.dump"}


class BackupError(click.ClickException):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def database_kind(url: URL) -> str:
    """"sqlite" or "postgresql"; any other database is refused."""
    kind = url.get_backend_name()
    if kind not in DUMP_NAMES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {kind}.")
    return kind


def sqlite_path(url: URL) -> Path:
    """The file of a SQLite database; an in-memory one cannot be backed up."""
    if not url.database or url.database == ":memory:" or url.database.startswith("file::memory"):
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(url.database)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API (page by page)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def pg_environment(url: URL) -> dict[str, str]:
    """libpq variables for the URI's server, user and password (never on the command line)."""
    env = dict(os.environ)
    values = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
              "PGPASSWORD": url.password, "PGDATABASE": url.database,
              "PGSSLMODE": url.query.get("sslmode")}
    env.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return env


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, or a clear error when the client tools are missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name}: hãy cài gói postgresql-client cùng phiên "
                          "bản với máy chủ PostgreSQL rồi chạy lại.")
    return path


def run_pg(args: list[str], url: URL) -> None:
    result = subprocess.run(args, env=pg_environment(url), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} thất bại:\n{result.stderr.strip()}")


def dump_database(url: URL, target: Path) -> None:
    """Write the database to a file: a SQLite copy, or a pg_dump custom-format archive."""
    if database_kind(url) == "sqlite":
        copy_sqlite(sqlite_path(url), target)
    else:
        run_pg([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)], url)


def load_database(url: URL, source: Path) -> None:
    """Replace the database's contents with a dump made by dump_database."""
    if database_kind(url) == "sqlite":
        copy_sqlite(source, sqlite_path(url))
    else:
        run_pg([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                "--single-transaction", "--exit-on-error", "--dbname", url.database or "",
                str(source)], url)


def schema_revision() -> str | None:
    """The Alembic revision the database is at, to be printed and kept in the manifest."""
    try:
        return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # no alembic_version table: a database never migrated
        db.session.rollback()
        return None


def release_connections() -> None:
    """Close this process's connections so the copy or the restore is not blocked by them."""
    db.session.remove()
    db.engine.dispose()


def write_backup(target: Path, instance: Path, url: URL) -> dict:
    """Build the archive next to its target, then rename it into place; returns the manifest."""
    kind = database_kind(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        dump = Path(work) / DUMP_NAMES[kind]
        revision = schema_revision()
        release_connections()
        dump_database(url, dump)
        manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(),
                    "database": kind, "alembic_revision": revision,
                    "database_file": dump.name, "database_sha256": sha256_file(dump),
                    "files": {}}
        members = []
        for folder in DATA_FOLDERS:
            base = instance / folder
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    name = f"instance/{path.relative_to(instance).as_posix()}"
                    manifest["files"][name] = sha256_file(path)
                    members.append((path, name))
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            blob = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(blob), int(datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(blob))
            archive.add(dump, arcname=dump.name)
            for path, name in members:
                archive.add(path, arcname=name)
        os.replace(partial, target)
    return manifest


def allowed_member(name: str) -> bool:
    """Only the manifest, a database dump and files under instance/<data folder>/."""
    if name in ("manifest.json", *DUMP_NAMES.values()):
        return True
    parts = name.split("/")
    return len(parts) >= 3 and parts[0] == "instance" and parts[1] in DATA_FOLDERS


def unpack(source: Path, work: Path) -> dict:
    """Extract a backup safely into `work` and check it against its manifest."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            unexpected = [m.name for m in members
                          if not (m.isfile() or m.isdir()) or not allowed_member(m.name)]
            if unexpected:
                raise BackupError("Tệp sao lưu có nội dung lạ: " + ", ".join(unexpected[:5]))
            archive.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {source}: {error}") from error
    try:
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError("Tệp sao lưu thiếu manifest.json hợp lệ.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu có định dạng không hỗ trợ.")
    checks = dict(manifest["files"], **{manifest["database_file"]: manifest["database_sha256"]})
    for name, digest in checks.items():
        path = work / name
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(f"Tệp {name} trong bản sao lưu bị thiếu hoặc đã bị thay đổi.")
    return manifest


def replace_folder(new: Path, current: Path) -> None:
    """Put a restored folder in place of the current one (an absent `new` empties it)."""
    old = current.with_name(f".{current.name}.before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        os.replace(current, old)
    if new.is_dir():
        shutil.move(str(new), str(current))
    shutil.rmtree(old, ignore_errors=True)


def read_backup(source: Path, instance: Path, url: URL) -> dict:
    """Restore the database, then the data folders, from a backup made by write_backup."""
    kind = database_kind(url)
    instance.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=instance, prefix=".restore-") as work:
        manifest = unpack(source, Path(work))
        if manifest["database"] != kind:
            raise BackupError(f"Bản sao lưu là của {manifest['database']}, còn ứng dụng đang "
                              f"dùng {kind}: không khôi phục chéo được.")
        release_connections()
        load_database(url, Path(work) / manifest["database_file"])
        for folder in DATA_FOLDERS:
            replace_folder(Path(work) / "instance" / folder, instance / folder)
    release_connections()
    return manifest


def database_url() -> URL:
    return db.engine.url


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Back up the database and instance data folders into PATH (.tar.gz, or a folder)."""
    if path.is_dir():
        path = path / f"thue-dv-cntt-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
    if path.exists():
        raise BackupError(f"{path} đã tồn tại; hãy chọn tên tệp khác.")
    manifest = write_backup(path, Path(current_app.instance_path), database_url())
    click.echo(f"Đã sao lưu cơ sở dữ liệu ({manifest['database']}, phiên bản lược đồ "
               f"{manifest['alembic_revision']}) và {len(manifest['files'])} tệp vào {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại trước khi ghi đè dữ liệu hiện có.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database and instance data folders with the backup at PATH."""
    if not yes:
        click.confirm("Khôi phục sẽ ghi đè toàn bộ cơ sở dữ liệu và các thư mục dữ liệu hiện có. "
                      "Hãy dừng máy chủ ứng dụng trước. Tiếp tục?", abort=True)
    manifest = read_backup(path, Path(current_app.instance_path), database_url())
    click.echo(f"Đã khôi phục cơ sở dữ liệu ({manifest['database']}, sao lưu lúc "
               f"{manifest['created_at']}) và {len(manifest['files'])} tệp từ {path}")
