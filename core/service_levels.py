"""A service level is {name, target, measure}: what is promised and how it is measured
(issue 12, point 8). Plans and contracts refuse a level without its measure here."""
from flask_babel import gettext as _


def unmeasured(levels: list[dict]) -> list[str]:
    """The names of the levels that do not say how they are measured."""
    return [level.get("name", "") for level in levels or []
            if not str(level.get("measure") or "").strip()]


def measure_problem(levels: list[dict]) -> str | None:
    """Why these levels cannot be kept, naming each level without a measure, or None."""
    missing = unmeasured(levels)
    if not missing:
        return None
    return _("Mỗi chỉ tiêu chất lượng cần ghi cách đo lường; còn thiếu ở: %(names)s.",
             names="; ".join(f"“{name}”" for name in missing))
