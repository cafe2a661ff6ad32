"""A service's usual VAT rate: from the file (its own, else its group's, else 10%), edited by
administrators, shown on the service page; what an average of quotations is priced with."""
import pytest
from sqlalchemy import select

from accounts.models import AuditEvent

from catalog.importer import CatalogFileError, import_catalog, parse_catalog
from catalog.services import get_service
from extensions import db
from tests.catalog.conftest import SAMPLE
from tests.catalog.test_admin import FORM
from tests.helpers import text

WITH_RATES = SAMPLE.replace(
    "    name: Phần mềm dịch vụ\n",
    '    name: Phần mềm dịch vụ\n    usual_vat_rate: "kct"\n').replace(
    "    unit: điểm cầu/tháng\n", '    unit: điểm cầu/tháng\n    usual_vat_rate: "8"\n')


def test_a_service_takes_its_own_rate_else_its_groups_else_ten_percent(app):
    import_catalog(WITH_RATES)
    db.session.commit()
    assert get_service("HT-001").usual_vat_rate == "10"  # nothing said anywhere
    assert get_service("HT-002").usual_vat_rate == "8"  # its own
    assert get_service("PM-001").usual_vat_rate == "kct"  # its group's


def test_a_rate_that_is_no_vat_code_is_refused_with_the_entry_named(app):
    with pytest.raises(CatalogFileError) as error:
        parse_catalog(WITH_RATES.replace('usual_vat_rate: "8"', 'usual_vat_rate: "7"'))
    assert 'Dịch vụ thứ 2 (HT-002), trường "usual_vat_rate": thuế suất chỉ nhận' in str(error.value)


def test_the_shipped_catalog_leaves_software_untaxed_and_hosting_at_ten_percent(app):
    import_catalog(open("catalog/data/services.yml", encoding="utf-8").read())
    db.session.commit()
    assert get_service("HT-001").usual_vat_rate == "10"
    assert get_service("PM-001").usual_vat_rate == "kct"


def test_the_service_page_states_the_rate_and_an_administrator_changes_it(
        app, client, make_user, login):
    import_catalog(WITH_RATES)
    db.session.commit()
    assert "Thuế suất GTGT thường áp dụng" in text(client.get("/catalog/services/PM-001"))
    login(make_user("admin"))
    assert 'name="usual_vat_rate"' in client.get(
        "/catalog/admin/services/PM-001/edit").get_data(as_text=True)
    data = dict(FORM, code="PM-001", availability="custom", usual_vat_rate="5")
    assert client.post("/catalog/admin/services/PM-001/edit", data=data).status_code == 302
    assert get_service("PM-001").usual_vat_rate == "5"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "service.update"))
    assert event.changes["usual_vat_rate"] == ["kct", "5"]
    assert "5%" in text(client.get("/catalog/services/PM-001"))
