"""A synthetic national deployment, bulk-loaded in batches for `python -m bench` and the tests.

Scale 1.0 is 34 provinces, 2,000 agencies, 200 catalog services, 5,000 vendors, 50,000
offerings, 20,000 contracts (and 2,000 lease plans). Rows are generated and inserted in batches
(`session.execute(insert(Model), rows)`), never held as ORM objects, so memory stays flat.
Search words are built with catalog.search exactly as the catalog and vendor services index
them, and contract snapshots with the same snapshot functions the wizard uses.

One module per part of the data set, each a class of builder steps that `Builder` combines:
agencies (provinces, agencies, users), catalog (services and search words), vendors (vendors,
certifications, offerings), plans, contracts (as the wizard leaves them) and lifecycle (the
lifecycle, acceptance and payment records); loading holds the counts and the batched loader.
The steps run in `build`'s order, each reading what the earlier ones kept on the builder, and
every random draw comes from the one seeded generator: a seed and a date give the same rows.
"""
from __future__ import annotations

import random

import click
from sqlalchemy import Integer, text

from accounts.services import hash_password
from bench import names
from bench.dataset.agencies import BENCH_PASSWORD, AgencySteps
from bench.dataset.catalog import CatalogSteps
from bench.dataset.contracts import (EXTRA_LINES, FIRST_DAY, MILESTONES, RECENT_DAYS,
                                     RECENT_STATUSES, ContractSteps)
from bench.dataset.lifecycle import LifecycleSteps
from bench.dataset.loading import BASE, BATCH, Counts, Loader, next_id
from bench.dataset.plans import PlanSteps
from bench.dataset.vendors import OFFERING_SENTENCES, VENDOR_STATUSES, VendorSteps
from core.clock import utcnow
from extensions import db
from vendors.models import Vendor

__all__ = ["BASE", "BATCH", "BENCH_PASSWORD", "EXTRA_LINES", "FIRST_DAY", "MILESTONES",
           "OFFERING_SENTENCES", "RECENT_DAYS", "RECENT_STATUSES", "VENDOR_STATUSES",
           "Builder", "Counts", "Loader", "build", "next_id"]


class Builder(AgencySteps, CatalogSteps, VendorSteps, PlanSteps, ContractSteps, LifecycleSteps):
    """Generates and inserts one data set; see `build` (the steps are the *Steps classes')."""

    def __init__(self, counts: Counts, rng: random.Random, bar) -> None:
        self.counts, self.rng, self.bar = counts, rng, bar
        self.load = Loader()
        self.now = utcnow()
        self.password_hash = hash_password(BENCH_PASSWORD)
        self.tax_codes = names.tax_codes(start=100_100_000 + next_id(Vendor) * 37)

    def fix_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the ids given explicitly."""
        if db.engine.dialect.name != "postgresql":
            return
        for table in db.metadata.sorted_tables:
            column = table.columns.get("id")
            # Only integer keys have a sequence (legal_instruments is keyed by a text id).
            if column is None or not column.primary_key or not column.autoincrement \
                    or not isinstance(column.type, Integer):
                continue
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \"{table.name}\""))


def build(scale: float = 1.0, *, counts: Counts | None = None, seed: int = 2026,
          progress: bool = True) -> dict[str, int]:
    """Build a data set into the app's (empty) database and commit; rows inserted per table."""
    counts = counts or Counts.for_scale(scale)
    rng = random.Random(seed)
    with click.progressbar(length=counts.total, label="Tạo dữ liệu mẫu",
                           file=None if progress else _Null(), show_pos=True) as bar:
        builder = Builder(counts, rng, bar)
        steps = (builder.provinces, builder.catalog, builder.agencies, builder.vendors,
                 builder.offerings, builder.plans, builder.contracts)
        for step in steps:
            step()
            db.session.commit()
        builder.fix_sequences()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # what autovacuum does soon after a load
        db.session.commit()
    return dict(builder.load.inserted)


class _Null:
    """A file that swallows the progress bar (tests)."""

    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
