"""The work queue ("Việc cần làm"): what waits for each user, gathered from every domain.

accounts knows no plans or contracts: each domain registers, at import, the sections it
contributes (`section`), a function from the user to the items waiting for them. The queue page,
the count in the menu and the landing page after login read `work_for`.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _, ngettext

from accounts.models import User
from core import clock


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: what, the exact page, and since when it has waited."""

    title: str
    link: str
    since: date | datetime | None = None
    note: str = ""
    overdue: bool = False  # past a deadline: shown first and marked


@dataclass(frozen=True)
class Section:
    """A kind of work for some roles, e.g. "Hợp đồng chờ rà soát pháp lý" for legal drafters."""

    key: str
    label: str
    roles: tuple[str, ...]
    items: Callable[[User], list[WorkItem]]
    position: int = 100


@dataclass
class Queue:
    """The user's queue: non-empty sections in order, with their items."""

    sections: list[tuple[Section, list[WorkItem]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _section, items in self.sections)


SECTIONS: dict[str, Section] = {}


def section(key: str, label: str, *roles: str, position: int = 100):
    """Register `items(user) -> [WorkItem]` as a section of the queue of these roles."""

    def register(items: Callable[[User], list[WorkItem]]):
        SECTIONS[key] = Section(key, label, roles, items, position)
        return items

    return register


def work_for(user: User) -> Queue:
    """What waits for the user, section by section (overdue items first in each)."""
    queue = Queue()
    for entry in sorted(SECTIONS.values(), key=lambda s: (s.position, s.key)):
        if user.role not in entry.roles:
            continue
        items = entry.items(user)
        if items:
            queue.sections.append((entry, sorted(items, key=lambda i: not i.overdue)))
    return queue


def waited(since: date | datetime | None, today: date | None = None) -> str:
    """How long an item has waited, in words: "hôm nay", "1 ngày", "12 ngày"."""
    if since is None:
        return ""
    day = clock.in_vietnam(since).date() if isinstance(since, datetime) else since
    days = ((today or clock.today()) - day).days
    if days <= 0:
        return _("từ hôm nay")
    return ngettext("đã chờ %(num)s ngày", "đã chờ %(num)s ngày", days)
