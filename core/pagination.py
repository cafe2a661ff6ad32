"""Pages of a list: the only module that knows Flask-SQLAlchemy's pagination internals.

`_CountedPagination` overrides the private hooks `_query_items` and `_query_count` of
flask_sqlalchemy.pagination.SelectPagination (setup.cfg pins Flask-SQLAlchemy to 3.1, the
version tests/core/test_pagination.py covers).
"""
from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, func

from extensions import db

MAX_PAGE = 100_000  # no listing has this many pages; the API refuses a page number beyond it


class _CountedPagination(SelectPagination):
    """A page of a select with the total read from the same query (count(*) OVER () on each
    row), where `db.paginate` sends the whole query a second time to count it. A page past
    the end has no row to carry the total: only then is the count query sent."""

    _total: int | None = None

    def _query_items(self) -> list:
        select_ = (self._query_args["select"].add_columns(func.count().over())
                   .limit(self.per_page).offset(self._query_offset))
        rows = self._query_args["session"].execute(select_).unique().all()
        if rows:
            self._total = rows[0][1]
        elif self._query_offset == 0:
            self._total = 0
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        return self._total if self._total is not None else super()._query_count()


def paginate(stmt: Select, *, page: int | None = None, per_page: int | None = None,
             count_separately: bool = False) -> Pagination:
    """One page of `stmt`: `page` from ?page= and `per_page` from PER_PAGE unless given.

    The total comes from the same query, except with `count_separately`, for a list whose
    index lets the database stop reading after one page (a window count would read it all).
    """
    page = page if page is not None else request.args.get("page", 1, type=int)
    per_page = per_page or current_app.config["PER_PAGE"]
    if count_separately:
        return db.paginate(stmt, page=page, per_page=per_page, max_per_page=None,
                           error_out=False)
    return _CountedPagination(select=stmt, session=db.session(), page=page, per_page=per_page,
                              max_per_page=None, error_out=False)
