"""Jobs declared for the tests only: a file written in parts with pauses (slow enough to be
killed half-way), and jobs that write to the database and then succeed, are refused or fail."""
import time
from pathlib import Path

from accounts.audit import record_event
from core import jobs
from core.errors import Refused


@jobs.job("tests.write_in_parts", label="Ghi tệp thử theo từng phần")
def write_in_parts(run: jobs.JobRun, path: str, parts: int, pause: float) -> dict:
    """Write `parts` lines to `path`, pausing after each; every line names this attempt."""
    target = Path(path)
    with run.output(target) as handle:
        for number in range(1, parts + 1):
            handle.write(f"phần {number}/{parts} lần {run.attempt}\n".encode("utf-8"))
            handle.flush()
            run.progress(number, parts)
            time.sleep(pause)
    return {"file": target.name, "message": f"Đã ghi {parts} phần."}


@jobs.job("tests.audit_then", label="Ghi nhật ký thử")
def audit_then(run: jobs.JobRun, outcome: str, marker: str | None = None) -> dict:
    """Record an audit event (a write), then end as `outcome`: done, refused or broken."""
    record_event("test.job", "job", run.id, summary=f"lần {run.attempt}")
    if marker:
        Path(marker).write_text(str(run.id), encoding="utf-8")
    if outcome == "refused":
        raise Refused("Không làm được việc này lúc này.")
    if outcome == "broken":
        raise ValueError("hỏng giữa chừng")
    return {"lines": ["dòng một", "dòng hai"], "message": "Đã ghi nhật ký."}
