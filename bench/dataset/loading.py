"""What every step of the build shares: the counts, the batched loader, free ids, weighted draws."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select

from extensions import db

BASE = {"agencies": 2_000, "services": 200, "vendors": 5_000, "offerings": 50_000,
        "contracts": 20_000, "plans": 2_000}
BATCH = 2_000


@dataclass(frozen=True)
class Counts:
    """How many of each record a data set holds (provinces are always the 34 of the data)."""

    agencies: int
    services: int
    vendors: int
    offerings: int
    contracts: int
    plans: int

    @classmethod
    def for_scale(cls, scale: float) -> Counts:
        """The national figures times `scale`, at least one of each."""
        if scale <= 0:
            raise ValueError("Hệ số quy mô phải lớn hơn 0.")
        return cls(**{key: max(1, round(value * scale)) for key, value in BASE.items()})

    @property
    def total(self) -> int:
        """The records of all kinds, the length of the progress bar."""
        return sum(asdict(self).values())


class Loader:
    """Buffers rows per model or table and inserts them in batches, parents first."""

    def __init__(self, batch: int = BATCH) -> None:
        self.batch = batch
        self.buffers: dict[Any, list[dict]] = {}
        self.inserted: Counter = Counter()
        self._order = {table: i for i, table in enumerate(db.metadata.sorted_tables)}

    def add(self, target, row: dict) -> None:
        """Buffer one row for a model or table; a full buffer sends every buffer."""
        rows = self.buffers.setdefault(target, [])
        rows.append(row)
        if len(rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Insert every buffered row, parent tables before the tables that refer to them."""
        table = lambda target: target if isinstance(target, Table) else target.__table__  # noqa
        for target in sorted(self.buffers, key=lambda t: self._order[table(t)]):
            rows = self.buffers[target]
            if rows:
                # render_nulls: None stays a NULL parameter, so every row has the same keys
                # and the batch goes out as one executemany instead of one per key set.
                db.session.execute(insert(target).execution_options(render_nulls=True), rows)
                self.inserted[table(target).name] += len(rows)
        self.buffers = {}


def next_id(model) -> int:
    """The first free id of a table (the data set may be built next to other rows)."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of `weights`, drawn with the weights its values give."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
