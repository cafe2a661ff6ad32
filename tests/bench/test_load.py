"""bench/load.py's reading of wrk's report, its ratio table and the baseline page (issue 17,
point 6). Nothing here is timed: the load benchmark itself runs by hand (`make bench`)."""
import pytest

from bench import baseline_app
from bench.load import THRESHOLD, Measured, app_env, ratio_rows, table_lines
from bench.wrk import WrkRun, duration_ms, parse_wrk

WITH_LATENCY = """\
Running 10s test @ http://127.0.0.1:18777/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    19.32ms    8.25ms   1.02s    79.72%
    Req/Sec   414.95    135.92     1.20k    61.67%
  Latency Distribution
     50%   16.46ms
     75%   21.67ms
     90%   33.23ms
     99%   45.36ms
  8249 requests in 10.01s, 22.37MB read
Requests/sec:    824.92
Transfer/sec:      7.42MB
"""

WITH_ERRORS = """\
Running 10s test @ http://127.0.0.1:18778/vendors/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.00us  100.00us   2.00m    90.00%
    Req/Sec     1.52k   100.00     1.70k    70.00%
  30280 requests in 1.00m, 25.00MB read
  Socket errors: connect 0, read 12, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    504.66
Transfer/sec:      0.42MB
"""

# Durations of a second or more are padded with a space (wrk's units, "s " against "ms").
SLOW = """\
Running 4s test @ http://127.0.0.1:18999/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.06s     2.88ms   1.06s    66.67%
    Req/Sec     1.00      0.00     1.00    100.00%
  Latency Distribution
     50%    1.06s \n     75%    1.06s \n     90%    1.06s \n     99%    1.07s \n\
  6 requests in 4.02s, 678.00B read
Requests/sec:      1.49
Transfer/sec:     168.75B
"""


def run(rps: float) -> WrkRun:
    return WrkRun(requests_per_s=rps, requests=int(rps * 10), seconds=10.0, latency_avg_ms=5.0,
                  latency_max_ms=30.0, latency_p50_ms=4.5, latency_p99_ms=20.0, non_2xx_3xx=0,
                  socket_errors={})


def test_a_report_with_the_latency_distribution_is_read_whole():
    report = parse_wrk(WITH_LATENCY)
    assert report == WrkRun(requests_per_s=824.92, requests=8249, seconds=10.01,
                            latency_avg_ms=19.32, latency_max_ms=1020.0, latency_p50_ms=16.46,
                            latency_p99_ms=45.36, non_2xx_3xx=0, socket_errors={})


def test_errors_and_other_units_are_read_and_missing_percentiles_stay_empty():
    report = parse_wrk(WITH_ERRORS)
    assert report.requests_per_s == 504.66
    assert report.requests == 30280 and report.seconds == 60.0
    assert report.latency_avg_ms == pytest.approx(0.812)
    assert report.latency_max_ms == 120_000.0
    assert report.latency_p50_ms is None and report.latency_p99_ms is None
    assert report.non_2xx_3xx == 7
    assert report.socket_errors == {"connect": 0, "read": 12, "write": 0, "timeout": 3}


def test_percentiles_of_a_second_or_more_are_read():
    report = parse_wrk(SLOW)
    assert (report.latency_p50_ms, report.latency_p99_ms) == (1060.0, 1070.0)
    assert (report.requests_per_s, report.requests, report.seconds) == (1.49, 6, 4.02)


def test_anything_but_a_report_is_refused():
    with pytest.raises(ValueError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")
    with pytest.raises(ValueError):
        duration_ms("12 parsecs")


def page(rps: float, baseline: tuple[float, float] = (990, 1010), cpu=None, baseline_cpu=None):
    return Measured(run(rps), cpu, [run(b) for b in baseline],
                    list(baseline_cpu) if baseline_cpu else [None, None])


def test_each_page_is_compared_with_the_mean_of_the_baseline_runs_beside_it():
    rows = ratio_rows({"catalog": page(800), "vendors": page(699, (600, 800)),
                       "service": page(700, (1400, 600))})
    assert [(r["page"], r["requests_per_s"], r["baseline_requests_per_s"], r["ratio"],
             r["below"]) for r in rows] == [
        ("catalog", 800, 1000, 0.8, False), ("vendors", 699, 700, 0.999, False),
        ("service", 700, 1000, 0.7, False)]
    low = ratio_rows({"search": page(699, (1000, 1000))})[0]
    assert (low["ratio"], low["below"]) == (0.699, True)
    assert THRESHOLD == 0.7


def test_the_cpu_ratio_is_the_baselines_cpu_time_per_request_over_the_pages():
    row = ratio_rows({"vendors": page(400, cpu=4.0, baseline_cpu=(1.0, 1.4))})[0]
    assert (row["cpu_ms_per_request"], row["cpu_ratio"]) == (4.0, 0.3)
    unread = ratio_rows({"vendors": page(400, cpu=4.0, baseline_cpu=(1.0, None))})[0]
    assert unread["cpu_ratio"] is None


def test_the_table_shows_each_page_its_baseline_ratios_and_flag():
    lines = table_lines(ratio_rows({"catalog": page(800, cpu=2.0, baseline_cpu=(1.2, 1.2)),
                                    "vendors": page(480)}))
    assert lines[0].split() == ["Trang", "req/s", "chuẩn", "req/s", "×", "chuẩn", "CPU/req",
                                "×", "(CPU)", "p50", "p99"]
    assert set(lines[1]) == {"-", " "}
    catalog, vendors = lines[2].split(), lines[3].split()
    assert lines[2].startswith("Danh mục dịch vụ")
    assert catalog[4:] == ["800", "1000", "0.80×", "2.00", "ms", "0.60×", "4.5", "ms", "20.0",
                           "ms", "đạt"]
    assert lines[3].startswith("Danh bạ nhà cung cấp")
    assert vendors[5:] == ["480", "1000", "0.48×", "4.5", "ms", "20.0", "ms", "DƯỚI", "0.7×"]
    assert len(lines) == 4


def test_the_servers_environment_drops_the_callers_database_and_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://x@localhost/real")
    monkeypatch.setenv("THUE_TODAY", "2026-01-01")
    env = app_env(tmp_path, tmp_path / "demo.sqlite", rate_limits=False)
    assert env["FLASK_SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert "THUE_TODAY" not in env
    assert env["THUE_INSTANCE_PATH"] == str(tmp_path / "instance")
    assert env["FLASK_RATELIMIT_ENABLED"] == "false"
    assert len(env["FLASK_SECRET_KEY"]) == 64


def test_the_baseline_lists_its_50_rows_through_its_template(tmp_path, monkeypatch):
    database = tmp_path / "baseline.sqlite"
    baseline_app.prepare(database)
    baseline_app.prepare(database)  # a second time adds nothing
    monkeypatch.setenv(baseline_app.DATABASE_VARIABLE, str(database))
    response = baseline_app.create_app().test_client().get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<tr>") == 51  # the header and 50 rows
    assert "Dịch vụ thuê số 50 cho cơ quan" in page and "DV-051" not in page
