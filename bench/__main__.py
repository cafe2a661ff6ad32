"""`python -m bench --scale 0.1`: build a synthetic national deployment and measure it.

The database is a temporary SQLite file unless FLASK_SQLALCHEMY_DATABASE_URI names another
(PostgreSQL); it must be empty (or pass --reset to drop every table in it first). The schema is
made by the migrations. Results are printed and written to bench/results.json.
"""
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

HERE = Path(__file__).resolve().parent
TARGETS = {"search_p95_ms": 20.0, "page_ms": 50.0, "docx_speedup": 3.0, "peak_rss_mb": 300.0}


def _empty_or_reset(reset: bool) -> None:
    from sqlalchemy import MetaData

    from extensions import db

    existing = MetaData()
    existing.reflect(bind=db.engine)
    if not existing.tables:
        return
    if not reset:
        raise click.ClickException(
            f"Cơ sở dữ liệu {db.engine.url.render_as_string(hide_password=True)} đã có "
            f"{len(existing.tables)} bảng. Hãy dùng một cơ sở dữ liệu trống, hoặc thêm --reset "
            "để xóa toàn bộ các bảng trước khi tạo dữ liệu mẫu.")
    existing.drop_all(bind=db.engine)


def _row_counts() -> dict[str, int]:
    """Rows per table of an already built data set."""
    from sqlalchemy import func, select

    from extensions import db

    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _check(ok: bool) -> str:
    return "đạt" if ok else "KHÔNG ĐẠT"


def print_table(results: dict) -> None:
    """The results as an aligned table, with each target and whether it is met."""
    rows = [("Tìm kiếm danh mục p50", f"{results['search_p50_ms']:.1f} ms", "", "", ""),
            ("Tìm kiếm danh mục p95", f"{results['search_p95_ms']:.1f} ms",
             str(results["search"]["queries"]), f"< {TARGETS['search_p95_ms']:.0f} ms",
             _check(results["search_p95_ms"] < TARGETS["search_p95_ms"]))]
    for name, page in results["pages"].items():
        rows.append((f"Trang {name}", f"{page['ms']:.1f} ms", str(page["queries"]),
                     f"< {TARGETS['page_ms']:.0f} ms", _check(page["ms"] < TARGETS["page_ms"])))
    if "docx_per_s" in results:
        rows += [("Hợp đồng .docx (render_docx)", f"{results['docx_per_s']:.1f} văn bản/s",
                  "", "", ""),
                 ("Hợp đồng .docx (docxtpl thuần)", f"{results['docx_plain_per_s']:.1f} văn bản/s",
                  "", "", ""),
                 ("Tăng tốc so với docxtpl", f"{results['docx_speedup_vs_docxtpl']:.2f}×", "",
                  f"≥ {TARGETS['docx_speedup']:.0f}×",
                  _check(results["docx_speedup_vs_docxtpl"] >= TARGETS["docx_speedup"]))]
    if "plan_docx_per_s" in results:
        rows.append(("Kế hoạch thuê .docx", f"{results['plan_docx_per_s']:.1f} văn bản/s",
                     "", "", ""))
    rows.append(("Bộ nhớ đỉnh (ru_maxrss)", f"{results['peak_rss_mb']:.0f} MB", "",
                 f"< {TARGETS['peak_rss_mb']:.0f} MB",
                 _check(results["peak_rss_mb"] < TARGETS["peak_rss_mb"])))
    header = ("Phép đo", "Kết quả", "Truy vấn SQL", "Mục tiêu", "")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        click.echo("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


@click.command()
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Quy mô so với triển khai toàn quốc (1 = 2.000 cơ quan, 20.000 hợp đồng).")
@click.option("--repeat", type=click.IntRange(1), default=20, show_default=True,
              help="Số lần gọi mỗi trang (lấy trung vị).")
@click.option("--documents", type=click.IntRange(1), default=30, show_default=True,
              help="Số văn bản tạo để đo tốc độ.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--reset", is_flag=True, help="Xóa mọi bảng của cơ sở dữ liệu đích trước khi tạo.")
@click.option("--keep", is_flag=True, help="Giữ lại thư mục tạm (SQLite và instance/).")
@click.option("--no-build", is_flag=True,
              help="Không tạo dữ liệu: đo lại cơ sở dữ liệu đã tạo trước đó (PostgreSQL, hoặc "
                   "tệp SQLite giữ lại bằng --keep và chỉ ra qua FLASK_SQLALCHEMY_DATABASE_URI).")
@click.option("--pdf", "pdf_count", type=click.IntRange(0), default=20, show_default=True,
              help="Số hợp đồng chuyển sang PDF/A-2b, bằng bộ chuyển thường trực và bằng soffice "
                   "từng lần (0: bỏ qua).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=HERE / "results.json", show_default=True)
def main(scale, repeat, documents, seed, reset, keep, no_build, pdf_count, out) -> None:
    """Build the synthetic data set, measure pages, search, documents and memory."""
    from flask_migrate import upgrade

    from app import create_app
    from bench import dataset, measure, pdf
    from extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="thue-bench-"))
    os.environ["THUE_INSTANCE_PATH"] = str(workdir / "instance")
    uri = os.environ.get("FLASK_SQLALCHEMY_DATABASE_URI") or \
        f"sqlite:///{workdir / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    try:
        with app.app_context():
            database = db.engine.dialect.name
            click.echo(f"Cơ sở dữ liệu: {db.engine.url.render_as_string(hide_password=True)}")
            started = time.perf_counter()
            if no_build:
                inserted = _row_counts()
            else:
                _empty_or_reset(reset)
                upgrade()
                inserted = dataset.build(scale, seed=seed)
            build_s = time.perf_counter() - started
            db.session.remove()
        if not no_build:
            rows = f"{sum(inserted.values()):,}".replace(",", ".")  # 865.746, Vietnamese style
            click.echo(f"Đã tạo {rows} dòng trong {build_s:.1f} giây.")
        click.echo("Đang đo...")
        load_before = os.getloadavg()[0]
        targets = measure.pick_targets(app)
        search = measure.measure_search(app, measure.search_queries(app))
        pages = measure.measure_pages(app, targets, repeat=repeat)
        docs = measure.measure_documents(app, documents)
        docs.update(pdf.measure_pdf(app, pdf_count))
        results = {
            "scale": scale, "database": database, "rows": inserted,
            "build_s": None if no_build else round(build_s, 1), "search": search,
            "search_p50_ms": search["p50_ms"], "search_p95_ms": search["p95_ms"],
            "pages": pages, **docs, "peak_rss_mb": measure.peak_rss_mb(),
            "python": sys.version.split()[0], "cpus": os.cpu_count(),
            # Other processes slow every figure down: keep the 1-minute load with the results.
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "targets": TARGETS,
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo("")
        print_table(results)
        pdf.print_pdf(results)
        click.echo(f"\nTải trung bình 1 phút của máy khi đo: {load_before:.1f} → "
                   f"{os.getloadavg()[0]:.1f} ({os.cpu_count()} CPU).")
        click.echo(f"Đã ghi {out}.")
    finally:
        with app.app_context():
            db.engine.dispose()
        if keep:
            click.echo(f"Giữ lại {workdir}.")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
