"""The administrators' audit trail page, and each contract's own history."""
import re
from datetime import datetime

import pytest
from flask import current_app

from accounts.models import AuditEvent
from accounts.audit import record_event
from extensions import db
from tests.contracts.lifecycle_helpers import advance, switch
from tests.helpers import text


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def events(make_user):
    """Five events by two users over three days, with known times."""
    alice = make_user("agency_staff")
    bob = make_user("vendor_staff")
    rows = [
        ("contract.create", "contract", 7, alice, datetime(2026, 11, 1, 8), "Tạo hợp đồng A"),
        ("contract.submit", "contract", 7, alice, datetime(2026, 11, 2, 9), "Gửi rà soát A"),
        ("offering.update", "offering", 3, bob, datetime(2026, 11, 2, 10), "Sửa dịch vụ B"),
        ("user.password", "user", bob.id, bob, datetime(2026, 11, 3, 11), "Đổi mật khẩu B"),
        ("contract.approve", "contract", 8, None, datetime(2026, 11, 3, 23, 59), "Duyệt C"),
    ]
    for action, kind, obj_id, user, at, summary in rows:
        record_event(action, kind, obj_id, user=user, summary=summary).created_at = at
    db.session.commit()
    return alice, bob


def summaries(response) -> list[str]:
    return re.findall(r"<td>([^<]*(?:A|B|C))</td>\s*</tr>", text(response))


def test_only_administrators_open_the_audit_page(client, login, make_user, admin):
    response = client.get("/accounts/audit")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]
    for role in ("agency_staff", "agency_approver", "legal_drafter", "vendor_staff"):
        switch(client, login, make_user(role))
        assert client.get("/accounts/audit").status_code == 403, role
    switch(client, login, admin)
    response = client.get("/accounts/audit")
    assert response.status_code == 200 and "Nhật ký thay đổi" in text(response)


def test_the_audit_page_lists_every_event_newest_first_with_who_did_it(client, login, admin,
                                                                       events):
    alice, _ = events
    login(admin)
    response = client.get("/accounts/audit")
    assert response.status_code == 200
    assert summaries(response) == ["Duyệt C", "Đổi mật khẩu B", "Sửa dịch vụ B",
                                   "Gửi rà soát A", "Tạo hợp đồng A"]
    assert alice.email in text(response) and "Hệ thống" in text(response)


@pytest.mark.parametrize("query, expected", [
    ({"object_type": "contract"}, ["Duyệt C", "Gửi rà soát A", "Tạo hợp đồng A"]),
    ({"action": "offering.update"}, ["Sửa dịch vụ B"]),
    ({"email": "vendor_staff@EXAMPLE.vn"}, ["Đổi mật khẩu B", "Sửa dịch vụ B"]),
    ({"date_from": "2026-11-02", "date_to": "2026-11-02"}, ["Sửa dịch vụ B", "Gửi rà soát A"]),
    ({"date_from": "2026-11-03"}, ["Duyệt C", "Đổi mật khẩu B"]),
    ({"date_to": "2026-11-01"}, ["Tạo hợp đồng A"]),
    ({"object_type": "contract", "date_from": "2026-11-02"}, ["Duyệt C", "Gửi rà soát A"]),
    # Dates are days in Vietnam: 03/11 23:59 UTC is 04/11 06:59 there.
    ({"date_from": "2026-11-04"}, ["Duyệt C"]),
    ({"date_from": "2026-11-03", "date_to": "2026-11-03"}, ["Đổi mật khẩu B"]),
])
def test_filters_narrow_the_events(client, login, admin, events, query, expected):
    login(admin)
    response = client.get("/accounts/audit", query_string=query)
    assert response.status_code == 200
    assert summaries(response) == expected


def test_times_are_shown_in_vietnam_time(client, login, admin, events):
    login(admin)
    page = text(client.get("/accounts/audit"))
    assert "<td>06:59:00 04/11/2026</td>" in page  # stored as 23:59 on 03/11, UTC
    assert "<td>15:00:00 01/11/2026</td>" in page and "08:00:00 01/11/2026" not in page


def test_the_filter_lists_offer_the_types_and_actions_present(client, login, admin, events):
    login(admin)
    page = text(client.get("/accounts/audit"))
    for value in ("contract", "offering", "user", "contract.approve", "user.password"):
        assert f'<option value="{value}">{value}</option>' in page


def test_a_date_range_ending_before_it_starts_shows_an_error(client, login, admin, events):
    login(admin)
    response = client.get("/accounts/audit",
                          query_string={"date_from": "2026-11-03", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in text(response)


def test_events_are_paginated_and_the_pager_keeps_the_filters(client, login, admin, make_user):
    user = make_user("agency_staff")
    for number in range(12):
        record_event("contract.update", "contract", 1, user=user, summary=f"Sửa lần {number}")
    db.session.commit()
    current_app.config["PER_PAGE"] = 5
    login(admin)
    first = text(client.get("/accounts/audit", query_string={"object_type": "contract"}))
    assert "Trang 1 / 3" in first and "Sửa lần 11" in first and "Sửa lần 6" not in first
    assert "object_type=contract" in first and "page=2" in first
    last = client.get("/accounts/audit", query_string={"object_type": "contract", "page": 3})
    assert last.status_code == 200
    assert "Sửa lần 1<" in text(last) and "Sửa lần 0<" in text(last)
    assert "Sửa lần 2<" not in text(last)


def test_each_contract_page_shows_its_own_history_newest_first(client, login, people, contract):
    advance(contract, people, "cleared")
    record_event("contract.update", "contract", contract.id + 1000, summary="Của hợp đồng khác")
    db.session.commit()
    login(people.staff)
    response = client.get(f"/contracts/{contract.id}")
    assert response.status_code == 200
    page = text(response)
    history = page[page.index("Lịch sử thay đổi"):]
    actions = re.findall(r"<code>(contract\.[a-z_]+)</code>", history)
    assert actions[:3] == ["contract.clear", "contract.submit", "contract.generate"]
    assert actions[-1] == "contract.create"
    assert "Của hợp đồng khác" not in page
    ids = [e.id for e in db.session.query(AuditEvent).filter(
        AuditEvent.object_id == str(contract.id), AuditEvent.object_type == "contract")]
    assert len(actions) == len(ids)
