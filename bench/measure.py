"""Measurements on a built data set: page server time and SQL count, search, documents, memory.

Pages are requested through the Flask test client (server time, no network); SQL statements
are counted with a "before_cursor_execute" listener on the engine.
"""
from __future__ import annotations

import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import event, func, select

from accounts.models import User
from bench.dataset import BENCH_PASSWORD
from catalog import search
from catalog.models import Service
from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract, ContractLine
from extensions import db
from vendors.models import Offering, Vendor
from vendors.services import public_offerings

SEARCH_QUERIES = 200
NO_MATCH = ("blockchain lượng tử", "xyzzy", "máy bay không người lái")
# Words the synonym list (catalog/data/synonyms.yml) expands, as people type them.
SYNONYM_QUERIES = ("email", "cloud", "máy chủ ảo", "SOC", "thư điện tử", "IaaS", "backup",
                   "điện toán đám mây")


class QueryCounter:
    """Counts the SQL statements the engine sends while attached."""

    def __init__(self, engine) -> None:
        self.engine, self.count = engine, 0

    def _before(self, *_args) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


@contextmanager
def counting(app: Flask) -> Iterator[QueryCounter]:
    """Count the queries of the block (the engine of `app`)."""
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        yield counter


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# --- what to request -----------------------------------------------------------------------


def pick_targets(app: Flask) -> dict:
    """The busiest objects of the data set: the worst case of each page."""
    with app.app_context():
        service = db.session.execute(
            public_offerings().with_only_columns(Service.code, func.count(Offering.id))
            .group_by(Service.code).order_by(func.count(Offering.id).desc(), Service.code)
            .limit(1)).first()
        vendor = db.session.execute(
            public_offerings().with_only_columns(Vendor.tax_code, func.count(Offering.id))
            .group_by(Vendor.tax_code).order_by(func.count(Offering.id).desc(), Vendor.tax_code)
            .limit(1)).first()
        busiest = list(db.session.scalars(
            select(Contract.organisation_id).group_by(Contract.organisation_id)
            .order_by(func.count(Contract.id).desc(), Contract.organisation_id)))
        org_id = busiest[0]
        # The agency at the 90th percentile of contract counts: how most agencies fare.
        typical_id = busiest[len(busiest) // 10]
        email, typical_email = (db.session.scalar(select(User.email).where(
            User.organisation_id == org, User.role == "agency_staff").order_by(User.id))
            for org in (org_id, typical_id))
        # A running contract with accepted periods and the most price lines: its page shows
        # the most (a page without acceptance records sends one query fewer).
        lines = func.count(ContractLine.id)
        accepted = Contract.id.in_(select(AcceptanceRecord.contract_id))
        contract_id = db.session.scalar(
            select(Contract.id).join(ContractLine, ContractLine.contract_id == Contract.id)
            .where(Contract.organisation_id == org_id, Contract.number.is_not(None))
            .group_by(Contract.id)
            .order_by((Contract.status == "active").desc(), accepted.desc(), lines.desc(),
                      Contract.id.desc())
            .limit(1))
        name = db.session.scalar(select(Service.name).where(Service.code == service[0]))
        query = " ".join(name.split()[:2])
    agency = {"contracts": "/contracts/", "contract": f"/contracts/{contract_id}"}
    typical = {}
    if _has_rule(app, "/contracts/dashboard"):
        agency["dashboard"] = "/contracts/dashboard"
        typical["dashboard_p90"] = "/contracts/dashboard"
    return {
        "email": email,
        "typical_email": typical_email,
        "typical": typical,
        "public": {
            "catalog": "/catalog/",
            "catalog_search": f"/catalog/?q={query}",
            "service": f"/catalog/services/{service[0]}",
            "vendors": "/vendors/",
            "vendor": f"/vendors/{vendor[0]}",
        },
        "agency": agency,
    }


def _has_rule(app: Flask, path: str) -> bool:
    return any(rule.rule == path for rule in app.url_map.iter_rules())


def logged_in_client(app: Flask, email: str):
    """A test client signed in through the real login form."""
    client = app.test_client()
    response = client.post("/accounts/login", data={"email": email, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"Không đăng nhập được {email}: {response.status_code}")
    return client


def request(client, counter: QueryCounter, url: str) -> tuple[float, int]:
    """One GET: server milliseconds and SQL statements; any status but 200 is an error."""
    before = counter.count
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} trả về {response.status_code}")
    return elapsed, counter.count - before


def measure_pages(app: Flask, targets: dict, repeat: int = 20, warmup: int = 2) -> dict:
    """Median server time and query count of each page."""
    clients = {"public": app.test_client(), "agency": logged_in_client(app, targets["email"])}
    if targets.get("typical"):
        clients["typical"] = logged_in_client(app, targets["typical_email"])
    results = {}
    with counting(app) as counter:
        for audience in clients:
            for name, url in targets[audience].items():
                runs = [request(clients[audience], counter, url) for _ in range(warmup + repeat)]
                runs = runs[warmup:]
                results[name] = {"url": url,
                                 "ms": round(statistics.median(ms for ms, _ in runs), 2),
                                 "queries": max(q for _, q in runs)}
    return results


# --- search --------------------------------------------------------------------------------


def search_queries(app: Flask, count: int = SEARCH_QUERIES, seed: int = 7) -> list[str]:
    """Varied queries from the catalog's own words: 1-3 words, with or without diacritics,
    prefixes, upper case, a few words with synonyms and a few that match nothing."""
    rng = random.Random(seed)
    with app.app_context():
        texts = list(db.session.scalars(select(Service.name).where(Service.retired_at.is_(None))))
        texts += list(db.session.scalars(select(Service.description).limit(50)))
    phrases = [text.replace(",", " ").replace(".", " ").split() for text in texts]
    phrases = [p for p in phrases if p]
    queries = []
    for i in range(count):
        if i % 25 == 24:
            queries.append(NO_MATCH[i % len(NO_MATCH)])
            continue
        if i % 25 == 12:
            queries.append(SYNONYM_QUERIES[i // 25 % len(SYNONYM_QUERIES)])
            continue
        words = rng.choice(phrases)
        size = rng.randint(1, min(3, len(words)))
        start = rng.randint(0, len(words) - size)
        picked = words[start:start + size]
        kind = i % 5
        if kind == 1:  # typed without diacritics
            picked = search.words(" ".join(picked)) or picked
        elif kind == 2:  # the last word cut short, as while typing
            last = picked[-1]
            picked[-1] = last[:max(2, len(last) // 2)]
        elif kind == 3:  # folded and cut
            folded = search.words(" ".join(picked)) or picked
            picked = folded[:-1] + [folded[-1][:max(2, len(folded[-1]) // 2)]]
        elif kind == 4:
            picked = [w.upper() for w in picked]
        queries.append(" ".join(picked))
    return queries


def measure_search(app: Flask, queries: list[str], repeat: int = 3) -> dict:
    """Server time of the catalog search page per query: the median of `repeat` requests
    after a warm-up pass, so one scheduler hiccup does not pass for a slow query.

    The catalog page without a query is requested between the queries, so that the ratio of
    the search's p95 to that page's median (`p95_vs_catalog`, target ≤ 1.1) compares the two
    under the same load."""
    client = app.test_client()
    with counting(app) as counter:
        for q in queries:
            request(client, counter, _search_url(q))
        runs, catalog = [], []
        for q in queries:
            timed = [request(client, counter, _search_url(q)) for _ in range(repeat)]
            runs.append((statistics.median(ms for ms, _ in timed), max(n for _, n in timed)))
            catalog.append(request(client, counter, "/catalog/")[0])
    times = [ms for ms, _ in runs]
    p95, plain = percentile(times, 95), statistics.median(catalog)
    return {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(p95, 2),
            "max_ms": round(max(times), 2), "queries": max(q for _, q in runs),
            "count": len(queries), "catalog_ms": round(plain, 2),
            "p95_vs_catalog": round(p95 / plain, 2)}


def _search_url(q: str) -> str:
    return "/catalog/?" + urlencode({"q": q})


# --- documents -----------------------------------------------------------------------------


def _throughput(render: Callable, jobs: list[tuple[Path, dict]]) -> float:
    start = time.perf_counter()
    for path, context in jobs:
        render(path, context)
    return len(jobs) / (time.perf_counter() - start)


def contract_jobs(app: Flask, count: int) -> list[tuple[Path, dict]]:
    """(template path, context) of `count` numbered contracts, spread over the legal bases."""
    from documents import storage
    from contracts.services.document import contract_context

    jobs = []
    with app.app_context():
        packs = list(db.session.scalars(select(Contract.pack_id).distinct()
                                        .where(Contract.number.is_not(None))))
        for pack in sorted(packs):
            contracts = db.session.scalars(
                select(Contract).where(Contract.pack_id == pack, Contract.number.is_not(None))
                .order_by(Contract.id).limit(max(1, count // len(packs))))
            for contract in contracts:
                template = storage.template_for(pack, "contract", contract.contract_date)
                jobs.append((storage.template_path(template),
                             contract_context(contract, template.version)))
        db.session.rollback()
    return jobs


def plan_jobs(app: Flask, count: int) -> list[tuple[Path, dict]]:
    """(template path, context) of `count` lease plans, if the plans service exists."""
    try:
        from plans.models import LeasePlan
        from plans.document import plan_context
    except ImportError:
        return []
    from documents import storage

    jobs = []
    with app.app_context():
        for plan in db.session.scalars(select(LeasePlan).order_by(LeasePlan.id).limit(count)):
            template = storage.template_for(plan.pack_id, "plan", plan.plan_date)
            jobs.append((storage.template_path(template), plan_context(plan, template.version)))
        db.session.rollback()
    return jobs


def measure_documents(app: Flask, count: int = 30) -> dict:
    """Documents per second: the cached engine, plain docxtpl, and lease plans."""
    from documents.engine import render_docx, render_docx_plain

    jobs = contract_jobs(app, count)
    if not jobs:
        return {}
    for path, context in dict(jobs).items():  # compile each template once, as a warm server has
        render_docx(path, context)
    cached = _throughput(render_docx, jobs)
    plain = _throughput(render_docx_plain, jobs)
    result = {"docx_count": len(jobs), "docx_per_s": round(cached, 1),
              "docx_plain_per_s": round(plain, 1),
              "docx_speedup_vs_docxtpl": round(cached / plain, 2)}
    plans = plan_jobs(app, count)
    if plans:
        for path, context in dict(plans).items():
            render_docx(path, context)
        result.update(plan_docx_count=len(plans),
                      plan_docx_per_s=round(_throughput(render_docx, plans), 1))
    return result


def peak_rss_mb() -> float:
    """The process's peak resident memory (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
