"""The comparison over answers built from the models: the figures and the sealing refusal."""
import pytest

from extensions import db
from plans.quotations.comparison import compare
from plans.quotations.rules import QuotationError
from tests.plans.quotations.factories import make_answer, make_request


def test_a_sealed_request_cannot_be_compared(make_vendor, make_user):
    staff = make_user("agency_staff")
    vendor = make_vendor()
    request = make_request(staff.organisation, staff, vendors=[vendor], hours=5)
    make_answer(request, vendor, [1_000_000])
    db.session.commit()
    with pytest.raises(QuotationError, match="niêm phong"):
        compare(request)


def test_late_declined_and_expired_answers_are_shown_but_not_counted(make_vendor, make_user):
    staff = make_user("agency_staff")
    vendors = [make_vendor() for _ in range(5)]
    request = make_request(staff.organisation, staff, vendors=vendors, hours=-1)
    make_answer(request, vendors[0], [1_000_000])
    make_answer(request, vendors[1], [1_200_001])
    make_answer(request, vendors[2], [900_000], late=True)
    make_answer(request, vendors[3], [], status="declined", decline_reason="Hết năng lực")
    make_answer(request, vendors[4], [800_000], valid_days=-30)
    db.session.commit()
    [line] = compare(request)
    assert line.figures.count == 2
    assert (line.figures.lowest, line.figures.highest) == (1_000_000, 1_200_001)
    assert line.figures.average == line.figures.median == 1_100_001  # 1 100 000,5 half up
    assert not line.enough  # three valid answers by default
    flags = {q.vendor.id: q.flags for q in line.quotes}
    assert flags[vendors[2].id] == ["late"] and flags[vendors[3].id] == ["declined"]
    assert flags[vendors[4].id] == ["expired"]
