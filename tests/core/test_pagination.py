"""core.pagination: a page and its total from one query (the window count Flask-SQLAlchemy's
private hooks let us add), a separate count where asked, and pages past the end."""
import pytest
from sqlalchemy import event, select

from accounts.models import Province
from core.pagination import paginate
from extensions import db


@pytest.fixture
def provinces(app):
    db.session.add_all(Province(code=f"p{n:02d}", name=f"Tỉnh {n:02d}", kind="province",
                                position=n) for n in range(23))
    db.session.commit()
    return select(Province).order_by(Province.position)


def statements(call):
    sent = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, sent


def test_a_page_and_its_total_come_from_one_query(app, provinces):
    with app.test_request_context("/?page=2"):
        page, sent = statements(lambda: paginate(provinces, per_page=10))
    assert [p.name for p in page.items] == [f"Tỉnh {n:02d}" for n in range(10, 20)]
    shown = (page.page, page.total, page.pages, page.has_next, page.prev_num)
    assert shown == (2, 23, 3, True, 1)
    assert len(sent) == 1 and "OVER ()" in sent[0].upper()
    assert list(page.iter_pages()) == [1, 2, 3]


def test_the_last_page_and_a_page_past_the_end(app, provinces):
    with app.test_request_context():
        last = paginate(provinces, page=3, per_page=10)
        past, sent = statements(lambda: paginate(provinces, page=9, per_page=10))
    assert [p.code for p in last.items] == ["p20", "p21", "p22"] and not last.has_next
    assert past.items == [] and past.total == 23 and len(sent) == 2  # the count, alone


def test_an_empty_list_needs_no_count_and_the_page_size_defaults_to_per_page(app):
    app.config["PER_PAGE"] = 7
    with app.test_request_context():
        page, sent = statements(lambda: paginate(select(Province)))
    assert page.items == [] and page.total == 0 and page.per_page == 7 and len(sent) == 1


def test_a_list_counted_apart_sends_the_count_on_its_own(app, provinces):
    with app.test_request_context("/?page=3"):
        page, sent = statements(lambda: paginate(provinces, per_page=10,
                                                 count_separately=True))
    assert [p.code for p in page.items] == ["p20", "p21", "p22"] and page.total == 23
    assert len(sent) == 2 and not any("OVER ()" in s.upper() for s in sent)
