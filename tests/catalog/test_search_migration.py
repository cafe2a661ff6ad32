"""Migration f9a0b1c2d3e4 builds the search documents of the rows already there, and its
downgrade gives the term index back."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from catalog.models import SearchDocument
from catalog.services import get_service, service_query
from extensions import db
from vendors.services import vendor_query

BEFORE = "e8f9a0b1c2d3"


def documents():
    return {(d.kind, d.object_id): (d.name, d.body, d.exact)
            for d in db.session.scalars(select(SearchDocument))}


@pytest.fixture
def back_to_head(app):
    """The shared test database is left migrated to the head, whatever the test did."""
    yield
    db.session.remove()
    upgrade()


def test_upgrade_indexes_existing_rows_as_the_services_do_and_downgrade_restores_terms(
        catalog, make_vendor, back_to_head):
    vendor_id = make_vendor(legal_name="Công ty Giải pháp Đám Mây", short_name="GPĐM").id
    service_id = get_service("HT-001").id
    written = documents()  # by catalog.services._reindex and vendors.services._reindex
    assert len(written) == 5
    db.session.remove()

    downgrade(revision=BEFORE)
    terms = {(kind, object_id, term) for kind, object_id, term in db.session.execute(text(
        "SELECT kind, object_id, term FROM search_terms"))}
    assert ("vendor", vendor_id, "gpdm") in terms and ("vendor", vendor_id, "may") in terms
    assert {("service", service_id, w) for w in ("ht", "001", "dien", "dam", "may")} <= terms
    db.session.remove()

    upgrade()
    assert documents() == written
    assert [s.name for s in db.session.scalars(service_query("cloud"))] == [
        "Điện toán đám mây chính phủ"]
    assert [v.legal_name for v in db.session.scalars(vendor_query("đám mây"))] == [
        "Công ty Giải pháp Đám Mây"]
