"""The budget of one render: its limits, what it has spent, the refusal when it is over."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from time import monotonic
from typing import Any

from flask import current_app, has_app_context

from core.errors import Refused
from core.formats import num

# The preview of any shipped template takes at most 75,000 characters and 37 iterations; a
# shipped contract of 1,000 lines, 1,000 service levels and 120 payment periods 3.5 million
# characters, 2,833 iterations and 0.5 s (1.7 s on a busy machine). 10 MiB of output costs
# the worker about 130 MB more at its peak (lxml's trees of the body), 37 MiB took 295 MB;
# a render stopped at the deadline stays well below gunicorn's 30 s timeout.
DEFAULT_SECONDS = 10.0
DEFAULT_ITERATIONS = 200_000
DEFAULT_OUTPUT_BYTES = 10 * 1024 * 1024
REFERENCE = 8  # bytes per item of a list, tuple, set or dict, to weigh them against the limit
_CONTAINERS = (list, tuple, set, frozenset, dict)


@dataclass(frozen=True)
class Limits:
    """The three limits of one render."""

    seconds: float = DEFAULT_SECONDS
    iterations: int = DEFAULT_ITERATIONS
    output_bytes: int = DEFAULT_OUTPUT_BYTES

    @classmethod
    def current(cls) -> "Limits":
        """The limits of the app config, or the defaults outside an application."""
        if not has_app_context():
            return cls()
        config = current_app.config
        return cls(float(config.get("DOCUMENT_RENDER_SECONDS", DEFAULT_SECONDS)),
                   int(config.get("DOCUMENT_RENDER_MAX_ITERATIONS", DEFAULT_ITERATIONS)),
                   int(config.get("DOCUMENT_MAX_OUTPUT_BYTES", DEFAULT_OUTPUT_BYTES)))


def size_label(size: int) -> str:
    """20 MiB, 64 KiB or 1.000 byte."""
    for unit, name in ((1024 * 1024, "MiB"), (1024, "KiB")):
        if size >= unit and size % unit == 0:
            return f"{num(size // unit)} {name}"
    return f"{num(size)} byte"


class RenderLimitExceeded(Refused):
    """A template took too long, looped too often or produced too much (`limit` says which)."""

    def __init__(self, limit: str, limits: Limits, detail: str = "") -> None:
        self.limit = limit
        if limit == "seconds":
            text = (f"Mẫu văn bản vượt giới hạn thời gian tạo văn bản "
                    f"({num(limits.seconds)} giây): mẫu chạy quá lâu, thường do vòng lặp lồng "
                    "nhau hoặc macro tự gọi lại chính nó.")
        elif limit == "iterations":
            text = (f"Mẫu văn bản vượt giới hạn số vòng lặp ({num(limits.iterations)} lượt "
                    "lặp trong một văn bản): thường do vòng lặp lồng nhau trên danh sách lớn.")
        else:
            text = (f"Mẫu văn bản vượt giới hạn dung lượng văn bản tạo ra "
                    f"({size_label(limits.output_bytes)}): "
                    f"{detail or 'nội dung tạo ra quá lớn'}.")
        super().__init__(text + " Cần sửa mẫu rồi tải lên phiên bản mới.")


class RenderBudget:
    """What one render may still spend: iterations, characters and time."""

    __slots__ = ("limits", "deadline", "iterations", "output")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = monotonic() + limits.seconds
        self.iterations = 0
        self.output = 0  # characters joined by concat, nested buffers included

    def check_time(self) -> None:
        if monotonic() > self.deadline:
            raise RenderLimitExceeded("seconds", self.limits)


_budget: ContextVar[RenderBudget | None] = ContextVar("render_budget", default=None)


@contextmanager
def render_budget(limits: Limits | None = None) -> Iterator[RenderBudget]:
    """The budget of the render in progress, or a new one (all parts of a document share it)."""
    active = _budget.get()
    if active is not None:
        yield active
        return
    budget = RenderBudget(limits or Limits.current())
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


def active() -> RenderBudget:
    """The budget of the render in progress."""
    budget = _budget.get()
    if budget is None:  # Template.render opens one; generate()/stream() are not supported
        raise RuntimeError("Văn bản chỉ được tạo trong một ngân sách (render_budget).")
    return budget


def peek() -> RenderBudget | None:
    """The budget of the render in progress, if any."""
    return _budget.get()


def current_limits() -> Limits:
    """The limits of the render in progress; outside one (Jinja folding constants at compile
    time) the configured ones, and a refusal there only stops the folding."""
    budget = _budget.get()
    return budget.limits if budget is not None else Limits.current()


def check_value(size: int, detail: str = "một giá trị trong mẫu quá lớn") -> None:
    """Refuse a value over the output limit."""
    limits = current_limits()
    if size > limits.output_bytes:
        raise RenderLimitExceeded("output", limits, detail)


def size_of(value: Any) -> int:
    """Characters of a string; for a container 8 bytes per item plus the size of its items,
    nested containers included (what printing or joining it would take), counted until past
    the output limit; 0 for anything else."""
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 0
    cap = current_limits().output_bytes
    total, pending = 0, [value]
    while pending and total <= cap:
        item = pending.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, dict):
            total += REFERENCE * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            total += REFERENCE * len(item)
            pending.extend(item)
    return total


def charge(count: int) -> None:
    """Spend `count` iterations of the loop budget."""
    budget = _budget.get()
    if budget is None:
        limits = current_limits()
        if count > limits.iterations:
            raise RenderLimitExceeded("iterations", limits)
        return
    budget.iterations += count
    if budget.iterations > budget.limits.iterations:
        raise RenderLimitExceeded("iterations", budget.limits)
