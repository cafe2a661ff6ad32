"""wrk (https://github.com/wg/wrk, Debian's package) run once, and its report read back."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

WRK = "/usr/bin/wrk"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class WrkFailed(RuntimeError):
    """wrk could not run, or wrote no report."""


@dataclass
class WrkRun:
    """What one wrk run reported."""

    requests_per_s: float
    requests: int
    seconds: float
    latency_avg_ms: float
    latency_max_ms: float
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    non_2xx_3xx: int
    socket_errors: dict[str, int]


def duration_ms(text: str) -> float:
    """A wrk duration ("812.00us", "5.27ms", "1.02s", "2.00m") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> WrkRun:
    """The figures of wrk's report (with or without --latency); ValueError if it has none."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s*(\d+) requests in ([\d.]+\w+),", output, re.M)
    latency = re.search(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.M)
    if not (rps and total and latency):
        raise ValueError(f"not a wrk report:\n{output}")
    percentiles = {int(p): duration_ms(value) for p, value in
                   re.findall(r"^\s*(50|99)%\s+(\S+)\s*$", output, re.M)}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkRun(
        requests_per_s=float(rps.group(1)),
        requests=int(total.group(1)),
        seconds=duration_ms(total.group(2)) / 1000,
        latency_avg_ms=duration_ms(latency.group(1)),
        latency_max_ms=duration_ms(latency.group(3)),
        latency_p50_ms=percentiles.get(50),
        latency_p99_ms=percentiles.get(99),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(("connect", "read", "write", "timeout"),
                               map(int, errors.groups()))) if errors else {},
    )


def wrk(url: str, *, seconds: float, connections: int, threads: int) -> WrkRun:
    """`wrk -t<threads> -c<connections> -d<seconds>s --latency <url>`, its report read."""
    done = subprocess.run([WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s",
                           "--latency", url], capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        raise WrkFailed(f"wrk {url}: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)
