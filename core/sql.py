"""Small SQL helpers shared by the models."""
from collections.abc import Iterable


def in_list(column: str, values: Iterable[str]) -> str:
    """The text of a CHECK constraint: `column IN ('a', 'b')`, for a fixed set of codes."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
