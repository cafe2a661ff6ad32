"""One transaction per request, the way indico's request handler does it: the view does its work
(services flush, never commit), then the request commits once; an error status, an exception
or a refusal rolls everything back. No view commits or rolls back itself.

A view runs a service call that may be refused inside `attempt`:

    with attempt(form) as done:
        plan = services.create_plan(...)
    if done:
        return redirect(...)
    return render_template(...)   # the refusal is on the form, or flashed

With STRICT_REQUESTS (on under testing), two rules are enforced rather than trusted: a GET (or
HEAD, OPTIONS) request that writes fails, and so does a page template that sends a query (its
data must come from the view). Both raise ReadOnlyViolation, which tests see as a 500.
"""
from flask import Flask, abort, flash, g, has_request_context, request, session
from flask.signals import before_render_template, template_rendered
from sqlalchemy import event

from core.errors import NotPermitted, Refused
from extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
# Pages that render while something else already went wrong; they must always render.
UNGUARDED_TEMPLATES = frozenset({"error.html"})


def get_for_request(model, object_id: int, *, options=()):
    """The row `model` `object_id` as the request must see it, or None.

    On a write request (POST and the like) the row is locked until the request commits or
    rolls back (SELECT … FOR UPDATE OF its table, on PostgreSQL): simultaneous writes to one
    contract or plan queue on its row, and each reads the state the one before it left, so
    N identical requests record one change and the others are refused by the state they see.
    This is the one place a write request takes that lock; SQLite, which has no row locks,
    writes one transaction at a time and the compare-and-set of each move still holds."""
    lock = {"of": model} if has_request_context() and request.method not in SAFE_METHODS \
        else None
    return db.session.get(model, object_id, options=list(options), populate_existing=True,
                          with_for_update=lock)


class ReadOnlyViolation(RuntimeError):
    """A GET request wrote, or a page template queried the database."""


class attempt:  # noqa: N801  (used as `with attempt(form) as done:`, like a function)
    """Run a block whose service calls may be refused (core.errors.Refused).

    On a refusal the request's changes are rolled back (now, so the page can still read the
    database) and the message goes onto `form[field]` when the refusal names one of its
    fields, else into a flash (unless `silent`: the page shows `done.error` itself);
    NotPermitted answers 403. `done` is true when nothing was refused.
    """

    def __init__(self, form=None, field: str | None = None, *, silent: bool = False):
        self.form, self.field, self.silent = form, field, silent
        self.ok, self.error = False, None

    def __enter__(self) -> "attempt":
        return self

    def __exit__(self, kind, error, _traceback) -> bool:
        if error is None:
            self.ok = True
            return False
        if not isinstance(error, Refused):
            return False
        db.session.rollback()
        g.refused = True
        if isinstance(error, NotPermitted):
            abort(403)
        self.error = error
        name = error.field or self.field
        if self.form is not None and name and name in self.form:
            self.form[name].errors = [*self.form[name].errors, str(error)]
        elif not self.silent:
            flash(str(error), "error")
        return True

    def __bool__(self) -> bool:
        return self.ok


def _finish(response):
    """Commit a request that changed things and succeeded; roll back everything else."""
    if request.method in SAFE_METHODS or response.status_code >= 400 or g.get("refused"):
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        session.pop("_flashes", None)  # "saved" would be untrue: the error page says why
        raise
    return response


def _guard_statements(statement: str) -> None:
    if not has_request_context():
        return
    if g.get("_rendering") and not g.get("refused"):
        raise ReadOnlyViolation(f"The page template {g._templates[-1]} sent a query (its data "
                                f"must come from the view): {statement[:200]}")
    if request.method in SAFE_METHODS and statement.lstrip().upper().startswith(WRITES):
        raise ReadOnlyViolation(f"{request.method} {request.path} wrote: {statement[:200]}")


def _rendering(app: Flask, template, context, **_extra) -> None:
    if has_request_context() and template.name not in UNGUARDED_TEMPLATES:
        g._rendering = g.get("_rendering", 0) + 1
        g._templates = [*g.get("_templates", []), template.name]


def _rendered(app: Flask, template, context, **_extra) -> None:
    if has_request_context() and template.name not in UNGUARDED_TEMPLATES:
        g._rendering -= 1
        g._templates = g._templates[:-1]


def _start() -> None:
    # Tests run several requests inside one application context, whose `g` outlives each.
    g.refused, g._rendering, g._templates = False, 0, []


def register(app: Flask) -> None:
    """Commit or roll back at the end of each request; in strict mode, guard the two rules."""
    app.before_request(_start)
    app.after_request(_finish)
    if not app.config.setdefault("STRICT_REQUESTS", app.testing):
        return
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_args: _guard_statements(statement))
    before_render_template.connect(_rendering, app)
    template_rendered.connect(_rendered, app)
