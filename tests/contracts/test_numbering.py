"""Contract numbers: sequence/year/HĐ-issuer, unique per agency and year, even concurrently."""
import threading

from accounts.services import create_organisation
from contracts.services.numbering import allocate_number, format_number
from extensions import db


def test_numbers_count_per_agency_and_year(app):
    a = create_organisation("agency", "Sở A", short_name="SA")
    b = create_organisation("agency", "Sở B", short_name="SB")
    assert [allocate_number(a.id, 2026) for _ in range(3)] == [1, 2, 3]
    assert allocate_number(b.id, 2026) == 1
    assert allocate_number(a.id, 2027) == 1


def test_the_number_reads_as_decree_30_writes_it(app):
    org = create_organisation("agency", "Sở Khoa học và Công nghệ", short_name="skhcn")
    assert format_number(5, 2026, org) == "05/2026/HĐ-SKHCN"
    assert format_number(12, 2026, org) == "12/2026/HĐ-SKHCN"
    unnamed = create_organisation("agency", "Không viết tắt")
    assert format_number(3, 2026, unnamed) == "03/2026/HĐ-THDV"


def test_concurrent_requests_never_get_the_same_number(app):
    org = create_organisation("agency", "Sở C", short_name="SC")
    db.session.commit()
    org_id = org.id  # read here: `org` belongs to this thread's session, not the workers'
    results, errors = [], []

    def worker():
        with app.app_context():
            try:
                results.append(allocate_number(org_id, 2026))
                db.session.commit()
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
