"""`python -m bench.load`: the public pages under real load, against a bare Flask page.

The demo data (`flask db upgrade`, `flask seed-demo`) go into a temporary SQLite file; the
application is served by gunicorn (sync workers, 2 by default) on a free loopback port as
production serves it (not testing, a random secret key, the rate limiter on); beside it the
yardstick, `bench/baseline_app.py` (bare Flask + Flask-SQLAlchemy, 50 rows from SQLite through
one Jinja template), under the same gunicorn settings. Each page is warmed up, then loaded with
`wrk -t2 -c16 -d10s --latency` (bench/wrk.py) between two runs of the baseline, and compared
with their mean. Every public page should reach at least 0.7× the baseline's requests per
second (issue 17). Figures are printed and written to bench/results-load.json (bench/README.md).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from sqlalchemy import create_engine, func
from sqlalchemy.orm import Session

from bench import baseline_app
from bench.wrk import WRK, WrkFailed, WrkRun, wrk
from catalog.models import Service
from vendors.models import Offering, Vendor
from vendors.services import public_offerings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
THRESHOLD = 0.7  # each page's req/s at least this share of the baseline's (issue 17, point 6)
PAGE_LABELS = {
    "catalog": "Danh mục dịch vụ",
    "search": "Kết quả tìm kiếm",
    "vendors": "Danh bạ nhà cung cấp",
    "service": "Trang dịch vụ",
    "vendor": "Trang nhà cung cấp",
}


# --- the table -----------------------------------------------------------------------------


@dataclass
class Measured:
    """One page's wrk run, the baseline's runs just before and after it, and the CPU time the
    workers spent per request in each (from /proc: less swayed by other processes than req/s)."""

    run: WrkRun
    cpu_ms: float | None
    baseline: list[WrkRun]
    baseline_cpu_ms: list[float | None]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def ratio_rows(pages: dict[str, Measured], threshold: float = THRESHOLD) -> list[dict]:
    """Each page's req/s and its ratio to the mean of the baseline runs beside it (flagged below
    `threshold`); the same ratio from CPU time per request when it was read."""
    rows = []
    for name, page in pages.items():
        baseline_rps = _mean([run.requests_per_s for run in page.baseline])
        ratio = page.run.requests_per_s / baseline_rps
        cpus = [page.cpu_ms, *page.baseline_cpu_ms]
        cpu_ratio = None if None in cpus or not page.cpu_ms else \
            _mean(page.baseline_cpu_ms) / page.cpu_ms
        rows.append({"page": name, "requests_per_s": page.run.requests_per_s,
                     "baseline_requests_per_s": round(baseline_rps, 1),
                     "ratio": round(ratio, 3), "below": ratio < threshold,
                     "cpu_ms_per_request": page.cpu_ms,
                     "cpu_ratio": None if cpu_ratio is None else round(cpu_ratio, 3),
                     "latency_p50_ms": page.run.latency_p50_ms,
                     "latency_p99_ms": page.run.latency_p99_ms})
    return rows


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} ms"


def _times(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def table_lines(rows: list[dict], threshold: float = THRESHOLD) -> list[str]:
    """The rows as an aligned table, a flag on every ratio below `threshold`."""
    cells = [("Trang", "req/s", "chuẩn req/s", "× chuẩn", "CPU/req", "× (CPU)", "p50", "p99",
              "")]
    for row in rows:
        cpu = row["cpu_ms_per_request"]
        cells.append((PAGE_LABELS.get(row["page"], row["page"]), f"{row['requests_per_s']:.0f}",
                      f"{row['baseline_requests_per_s']:.0f}", _times(row["ratio"]),
                      "" if cpu is None else f"{cpu:.2f} ms", _times(row["cpu_ratio"]),
                      _ms(row["latency_p50_ms"]), _ms(row["latency_p99_ms"]),
                      f"DƯỚI {threshold:g}×" if row["below"] else "đạt"))
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = ["  ".join(c.ljust(w) if i in (0, len(row) - 1) else c.rjust(w)
                       for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


# --- servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# No proxy from the environment: every request here goes to loopback.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str]:
    """GET `url`: status and body."""
    try:
        with _opener.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


class Gunicorn:
    """gunicorn serving `target` with sync workers on a free loopback port."""

    def __init__(self, target: str, env: dict[str, str], log: Path, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class",
             "sync", "--bind", f"127.0.0.1:{self.port}", "--timeout", "120",
             "--graceful-timeout", "5", "--no-control-socket", target],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)

    def wait(self, path: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise click.ClickException(f"gunicorn dừng: {self.tail()}")
            try:
                if fetch(self.url + path)[0] == 200:
                    return
            except OSError:  # not listening yet, or still loading the application
                pass
            time.sleep(0.3)
        raise click.ClickException(f"gunicorn không trả lời sau {seconds:.0f} giây: {self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def workers_cpu_s(self) -> float | None:
        """CPU seconds (user and system) the master's worker processes have used so far;
        None where /proc cannot tell (not Linux)."""
        if not Path("/proc/self/stat").exists():
            return None
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) == self.process.pid:  # ppid; utime and stime in clock ticks
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def app_env(workdir: Path, database: Path, rate_limits: bool) -> dict[str, str]:
    """The environment of the flask commands and of gunicorn: every FLASK_* and THUE_* value
    of the caller dropped (a PostgreSQL URI meant for `python -m bench`, THUE_TODAY, which
    production refuses), then the production settings over the temporary folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "THUE_"))}
    env.update(THUE_INSTANCE_PATH=str(workdir / "instance"),
               FLASK_SECRET_KEY=secrets.token_hex(32),
               FLASK_SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
               FLASK_SESSION_COOKIE_SECURE="false",  # plain http on loopback, as `make run`
               FLASK_RATELIMIT_ENABLED="true" if rate_limits else "false")
    return env


def build_demo(env: dict[str, str]) -> None:
    """`flask db upgrade` then `flask seed-demo` into the database `env` names."""
    for command in (["db", "upgrade"], ["seed-demo"]):
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *command],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise click.ClickException(f"flask {' '.join(command)}:\n{done.stdout}{done.stderr}")


def pick_pages(database: Path) -> dict[str, str]:
    """The URL of each public page: the service and the vendor with the most public
    offerings, and a search for the first two words of that service's name (whose results
    must link to it)."""
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        code, name = session.execute(
            public_offerings().with_only_columns(Service.code, Service.name)
            .group_by(Service.code, Service.name)
            .order_by(func.count(Offering.id).desc(), Service.code).limit(1)).one()
        tax_code = session.scalar(
            public_offerings().with_only_columns(Vendor.tax_code).group_by(Vendor.tax_code)
            .order_by(func.count(Offering.id).desc(), Vendor.tax_code).limit(1))
    engine.dispose()
    query = " ".join(name.split()[:2])
    pages = {"catalog": "/catalog/",
             "search": "/catalog/?" + urllib.parse.urlencode({"q": query}),
             "vendors": "/vendors/",
             "service": f"/catalog/services/{code}",
             "vendor": f"/vendors/{tax_code}"}
    return pages


def loaded(server: Gunicorn, url: str, **load) -> tuple[WrkRun, float | None]:
    """One wrk run against `server` and the workers' CPU milliseconds per request during it."""
    before = server.workers_cpu_s()
    run = wrk(url, **load)
    after = server.workers_cpu_s()
    if before is None or after is None or not run.requests:
        return run, None
    return run, round((after - before) * 1000 / run.requests, 3)


def measure(app: Gunicorn, base: Gunicorn, urls: dict[str, str], **load) -> dict[str, Measured]:
    """The baseline, then each page followed by the baseline again: a page is compared with
    the baseline runs just before and after it, so a machine whose load changes during the
    run (other processes) sways both sides alike."""
    baseline = [loaded(base, base.url + "/", **load)]
    pages = {}
    for name, url in urls.items():
        run, cpu = loaded(app, url, **load)
        baseline.append(loaded(base, base.url + "/", **load))
        pages[name] = Measured(run, cpu, [b[0] for b in baseline[-2:]],
                               [b[1] for b in baseline[-2:]])
    return pages


# --- the command ---------------------------------------------------------------------------


@click.command()
@click.option("--duration", type=click.FloatRange(1), default=10, show_default=True,
              help="Số giây wrk tải mỗi trang.")
@click.option("--connections", type=click.IntRange(1), default=16, show_default=True,
              help="Số kết nối đồng thời của wrk.")
@click.option("--threads", type=click.IntRange(1), default=2, show_default=True,
              help="Số luồng của wrk.")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Số tiến trình (sync) của gunicorn.")
@click.option("--warmup", type=click.FloatRange(0), default=2, show_default=True,
              help="Số giây chạy nóng mỗi trang trước khi đo.")
@click.option("--rate-limits/--no-rate-limits", default=True, show_default=True,
              help="Bộ giới hạn tần suất (FLASK_RATELIMIT_ENABLED) như khi triển khai; các trang "
                   "công khai không có giới hạn nào.")
@click.option("--keep", is_flag=True, help="Giữ lại thư mục tạm (SQLite, instance/, nhật ký).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=HERE / "results-load.json", show_default=True)
def main(duration, connections, threads, workers, warmup, rate_limits, keep, out) -> None:
    """Serve the demo data and the baseline with gunicorn, load every public page with wrk."""
    if not Path(WRK).exists():
        raise click.ClickException(f"Không có {WRK} (apt-get install wrk).")
    workdir = Path(tempfile.mkdtemp(prefix="thue-load-"))
    env = app_env(workdir, workdir / "demo.sqlite", rate_limits)
    servers: list[Gunicorn] = []
    try:
        click.echo(f"Dữ liệu mẫu (flask db upgrade, seed-demo) vào {workdir / 'demo.sqlite'}...")
        build_demo(env)
        pages = pick_pages(workdir / "demo.sqlite")
        baseline_app.prepare(workdir / "baseline.sqlite")
        app = Gunicorn("app:create_app()", env, workdir / "app.log", workers)
        servers.append(app)
        base = Gunicorn("bench.baseline_app:create_app()",
                        {**env, baseline_app.DATABASE_VARIABLE: str(workdir / "baseline.sqlite")},
                        workdir / "baseline.log", workers)
        servers.append(base)
        app.wait("/catalog/")
        base.wait("/")
        for name, path in pages.items():
            status, body = fetch(app.url + path)
            if status != 200:
                raise click.ClickException(f"GET {path} trả về {status}: {body[:500]}")
            if name == "search" and f'href="{pages["service"]}"' not in body:
                raise click.ClickException(f"GET {path} không có liên kết tới {pages['service']}.")
        urls = {name: app.url + path for name, path in pages.items()}
        load = dict(seconds=duration, connections=connections, threads=threads)
        if warmup:
            click.echo("Chạy nóng...")
            for url in [base.url + "/", *urls.values()]:
                wrk(url, seconds=warmup, connections=connections, threads=threads)
        load_before = os.getloadavg()[0]
        click.echo(f"Đo: wrk -t{threads} -c{connections} -d{duration:g}s --latency, gunicorn "
                   f"{workers} tiến trình sync; chuẩn đo trước và sau mỗi trang...")
        try:
            measured = measure(app, base, urls, **load)
        except WrkFailed as error:
            raise click.ClickException(str(error)) from error
        load_after = os.getloadavg()[0]
        rows = ratio_rows(measured)
        results = {
            "wrk": {"threads": threads, "connections": connections, "seconds": duration},
            "gunicorn_workers": workers, "rate_limits": rate_limits, "threshold": THRESHOLD,
            "pages": {row["page"]: {"url": pages[row["page"]], **row,
                                    "run": asdict(measured[row["page"]].run),
                                    "baseline_runs": [asdict(b) for b in
                                                      measured[row["page"]].baseline]}
                      for row in rows},
            "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "load_average": [round(load_before, 2), round(load_after, 2)],
            "measured_at": time.strftime("%Y-%m-%d %H:%M:%S%z"),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo("")
        for line in table_lines(rows):
            click.echo(line)
        for row in rows:
            click.echo(f"  {row['page']}: {pages[row['page']]}")
        click.echo(f"\nTải trung bình 1 phút của máy khi đo: {load_before:.1f} → "
                   f"{load_after:.1f} ({os.cpu_count()} CPU).")
        low = [row["page"] for row in rows if row["below"]]
        if low:
            click.echo(f"Dưới {THRESHOLD:g}× chuẩn: {', '.join(low)}.")
        click.echo(f"Đã ghi {out}.")
        failed = [f"{name} ({run.non_2xx_3xx})" for name, page in measured.items()
                  for run in [page.run, *page.baseline] if run.non_2xx_3xx]
        if failed:
            raise click.ClickException(f"Có phản hồi không phải 2xx/3xx: {', '.join(failed)}")
    finally:
        for server in servers:
            server.stop()
        if keep:
            click.echo(f"Giữ lại {workdir}.")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
