"""URL rules shared by every blueprint."""
from werkzeug.routing import IntegerConverter

# PostgreSQL's integer columns hold up to 2³¹−1; an id past it can match no row.
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """`<int:…>` in every route: an id beyond the database's integer range does not match
    the route, so the page is a 404 instead of the database's overflow error (a 500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's own argument name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
