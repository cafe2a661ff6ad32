"""`flask catalog ...`: import the catalog and search it from the terminal."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from catalog import search, services
from catalog.importer import CatalogFileError, import_catalog
from extensions import db

catalog_cli = click.Group("catalog", help="Danh mục dịch vụ CNTT.")


def _report(label: str, counts: dict[str, int]) -> str:
    return (f"{label}: tạo mới {counts['created']}, cập nhật {counts['updated']}, "
            f"giữ nguyên {counts['unchanged']}.")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(path: Path) -> None:
    """Upsert categories and services by code from a YAML file."""
    try:
        counts = import_catalog(path.read_text(encoding="utf-8"))
    except CatalogFileError as error:
        db.session.rollback()
        for line in error.errors:
            click.echo(line, err=True)
        raise click.ClickException(f"Tệp {path} có {len(error.errors)} lỗi; chưa ghi gì.")
    except UnicodeDecodeError:
        raise click.ClickException(f"Tệp {path} không phải văn bản UTF-8; chưa ghi gì.")
    db.session.commit()
    click.echo(_report("Nhóm dịch vụ", counts["categories"]))
    click.echo(_report("Dịch vụ", counts["services"]))


@catalog_cli.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def search_command(query: str, limit: int) -> None:
    """Search the public catalog (same search as the pages and API)."""
    if search.too_short(query):
        click.echo(f"Nhập ít nhất {search.MIN_QUERY_CHARS} ký tự để tìm kiếm.")
    found = db.session.scalars(services.service_query(query).limit(limit)).all()
    for service in found:
        click.echo(f"{service.code}\t{service.name}")
    click.echo(f"{len(found)} kết quả.")
