"""The agency dashboard and `flask contracts remind`: states, budget years, expiries, overdue."""
from datetime import date

import pytest
from sqlalchemy import event

from contracts.models.acceptance import AcceptanceRecord
from contracts.models.contract import Contract, ContractLine
from extensions import db

TODAY = date(2027, 3, 10)


@pytest.fixture(autouse=True)
def today(on_day):
    on_day(TODAY)


def make_contract(user, status, number, *, start=date(2026, 9, 1), months=12,
                  monthly_price=10_000_000, schedule="quarterly") -> Contract:
    """A contract row as the wizard leaves it (no VAT, so the value is price × months)."""
    contract = Contract(
        organisation_id=user.organisation_id, created_by_id=user.id, status=status,
        title=f"Thuê dịch vụ số {number}", number=f"{number:02d}/2026/HĐ-THU", pack_id="nd73-2019",
        start_date=start, months=months, schedule=schedule, place="Hà Nội",
        party_a={"name": user.organisation.name}, party_b={"name": "Công ty Mây Số"},
        service_levels=[{"name": "Tính sẵn sàng", "target": "≥ 99,9%"}],
        lines=[ContractLine(position=0, name="Máy chủ ảo", unit="tháng", quantity=1,
                            months=months, unit_price=monthly_price, vat_rate="kct")])
    db.session.add(contract)
    db.session.commit()
    return contract


def accept(contract, user, period_no) -> None:
    """An acceptance row for a period, without deductions."""
    amount = contract.months * 10_000_000 // (contract.months // 3)
    db.session.add(AcceptanceRecord(
        contract_id=contract.id, period_no=period_no, period_label=f"Quý {period_no}",
        period_amount=amount, deductions=0, accepted_amount=amount, service_levels=[],
        accepted_on=TODAY, recorded_by_id=user.id))
    db.session.commit()


@pytest.fixture
def agency(make_user):
    """An agency with contracts in several states; returns its staff user and contracts."""
    user = make_user("agency_staff", name="Sở Khoa học và Công nghệ Hà Nội")
    contracts = {
        # quarterly, due 30/11/2026, 28/02/2027 (both past), 31/05/2027, 31/08/2027
        "active": make_contract(user, "active", 1),
        # 01/06/2024 + 36 months ends 31/05/2027: 82 days after TODAY
        "ending": make_contract(user, "signed", 2, start=date(2024, 6, 1), months=36),
        "expired": make_contract(user, "expired", 3, start=date(2025, 1, 1), months=12),
        "draft": make_contract(user, "draft", 4),
        "review": make_contract(user, "review", 5),
    }
    accept(contracts["ending"], user, 1)
    for number in range(2, 12):  # periods 1-11 of "ending" accepted; 12 is not due yet
        accept(contracts["ending"], user, number)
    return user, contracts


def page(client, url="/contracts/dashboard") -> str:
    """The page's HTML with runs of white space collapsed to one space."""
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.get_data(as_text=True).split())


def test_the_dashboard_counts_contracts_by_state_and_links_them(client, login, agency):
    user, contracts = agency
    login(user)
    text = page(client)
    assert "Số liệu ngày 10/03/2027 của Sở Khoa học và Công nghệ Hà Nội: 5 hợp đồng." in text
    for status, label in (("active", "Đang thực hiện"), ("signed", "Đã ký"),
                          ("draft", "Bản nháp"), ("review", "Đang rà soát pháp lý")):
        assert f'<tr id="state-{status}"><td>{label}</td><td class="num">1</td>' in text
    assert '<tr id="state-terminated"><td>Đã chấm dứt</td><td class="num">0</td>' in text
    assert f'href="/contracts/{contracts["draft"].id}">04/2026/HĐ-THU</a>' in text


def test_the_dashboard_splits_contract_value_by_the_year_each_period_is_due(client, login,
                                                                            agency):
    user, _ = agency
    login(user)
    text = page(client)
    # active: 120.000.000 in 4 quarters (1 due in 2026, 3 in 2027); ending: 360.000.000 in 12
    # quarters (2 due in 2024, 4 in 2025, 4 in 2026, 2 in 2027), 11 accepted (30.000.000
    # each); expired: 120.000.000, all due in 2025; drafts and reviews are not counted.
    for year, value, accepted in ((2024, "60.000.000", "60.000.000"),
                                  (2025, "240.000.000", "120.000.000"),
                                  (2026, "150.000.000", "120.000.000"),
                                  (2027, "150.000.000", "30.000.000")):
        assert (f'<tr><th scope="row">{year}</th><td class="num">{value}</td>'
                f'<td class="num">{accepted}</td><td class="num">0</td></tr>') in text
    assert ('<tfoot><tr><th scope="row">Cộng</th><td class="num">600.000.000</td>'
            '<td class="num">330.000.000</td><td class="num">0</td></tr></tfoot>') in text


def test_the_dashboard_lists_contracts_expiring_within_90_days(client, login, agency):
    user, contracts = agency
    login(user)
    text = page(client)
    assert "Hợp đồng hết hạn trong 90 ngày tới" in text
    assert ("02/2026/HĐ-THU – Thuê dịch vụ số 2</a>: hết hạn ngày 31/05/2027 (còn 82 ngày)"
            in text)
    assert "03/2026/HĐ-THU – Thuê dịch vụ số 3</a>:" not in text  # already expired


def test_the_dashboard_flags_overdue_acceptances(client, login, agency):
    user, contracts = agency
    login(user)
    text = page(client)
    active_id = contracts["active"].id
    assert f'/contracts/{active_id}/acceptance/1">Kỳ 1: Quý 1</a>' in text
    assert f'/contracts/{active_id}/acceptance/2">Kỳ 2: Quý 2</a>' in text
    assert "<td>30/11/2026</td><td><span class=\"badge badge-custom\">100 ngày</span>" in text
    assert "<td>28/02/2027</td><td><span class=\"badge badge-custom\">10 ngày</span>" in text
    assert f'/contracts/{active_id}/acceptance/3"' not in text  # due 31/05/2027
    assert f'/contracts/{contracts["ending"].id}/acceptance/' not in text  # all accepted


def test_milestone_payments_are_due_when_the_lease_ends(client, login, agency):
    user, _ = agency
    contract = make_contract(user, "active", 8, start=date(2025, 6, 1), months=6,
                             monthly_price=5_000_000, schedule="milestone")  # ends 30/11/2025
    contract.milestones = [{"label": "Tạm ứng", "percent": 30},
                           {"label": "Hoàn thành", "percent": 70}]
    db.session.commit()
    login(user)
    text = page(client)
    # 30.000.000 đồng: 30% and 70% both fall due at the lease's end, 100 + 365 days ago.
    for no, label, amount in ((1, "Tạm ứng", "9.000.000"), (2, "Hoàn thành", "21.000.000")):
        assert (f'/contracts/{contract.id}/acceptance/{no}">Kỳ {no}: {label}</a></td> '
                f'<td>30/11/2025</td><td><span class="badge badge-custom">465 ngày</span></td>'
                f'<td class="num">{amount}</td>') in text
    # 2025 held 240.000.000 from the other contracts (see above), now 30.000.000 more.
    assert '<tr><th scope="row">2025</th><td class="num">270.000.000</td>' in text


def test_other_agencies_contracts_stay_off_the_dashboard(client, login, make_user, agency):
    login(make_user("agency_approver"))
    text = page(client)
    assert "0 hợp đồng" in text and "HĐ-THU" not in text
    assert "Không có kỳ nào quá hạn nghiệm thu." in text


def test_vendors_get_403_and_visitors_are_sent_to_login(client, login, make_user):
    assert client.get("/contracts/dashboard").status_code == 302
    login(make_user("vendor_staff"))
    assert client.get("/contracts/dashboard").status_code == 403


def count_queries(client) -> int:
    db.session.expire_all()  # each request then loads the same things afresh
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page(client)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_dashboard_does_not_query_once_per_contract(client, login, agency):
    user, _ = agency
    login(user)
    few = count_queries(client)
    for number in range(6, 12):
        make_contract(user, "active", number)
    assert count_queries(client) == few


def test_remind_prints_expiries_and_overdue_acceptances_grouped_by_agency(
        runner, agency, make_user):
    user, _ = agency
    other = make_user("agency_staff", name="Ủy ban nhân dân tỉnh An Giang")
    make_contract(other, "active", 7, start=date(2026, 12, 1), months=3)  # ends 28/02/2027
    make_contract(other, "signed", 8, start=date(2027, 4, 1), months=12)  # nothing to say
    result = runner.invoke(args=["contracts", "remind", "--days", "60"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Nhắc việc ngày 10/03/2027: hợp đồng hết hạn trong 60 ngày tới và các "
                        "kỳ quá hạn nghiệm thu.")
    assert lines[2] == "== Sở Khoa học và Công nghệ Hà Nội =="
    assert lines[3] == "Kỳ quá hạn nghiệm thu (2):"  # 31/05/2027 is 82 days away: not listed
    assert lines[4] == ("  - Hợp đồng 01/2026/HĐ-THU – Thuê dịch vụ số 1, kỳ 1 (Quý 1): hạn "
                        "30/11/2026, quá 100 ngày, 30.000.000 đồng")
    assert lines[7] == "== Ủy ban nhân dân tỉnh An Giang =="
    assert "  - Hợp đồng 07/2026/HĐ-THU – Thuê dịch vụ số 7, kỳ 1 (Quý 1): hạn 28/02/2027, " \
           "quá 10 ngày, 30.000.000 đồng" in lines
    assert "08/2026" not in result.output and "Hợp đồng sắp hết hạn" not in result.output
    wider = runner.invoke(args=["contracts", "remind", "--days", "90"]).output
    assert ("  - Hợp đồng 02/2026/HĐ-THU – Thuê dịch vụ số 2: hết hạn ngày 31/05/2027 "
            "(còn 82 ngày)") in wider.splitlines()


def test_remind_says_so_when_there_is_nothing_to_do(runner):
    result = runner.invoke(args=["contracts", "remind"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-2:] == [
        "Không có hợp đồng nào sắp hết hạn hay kỳ nào quá hạn nghiệm thu.",
        "Đã gửi 0 thông báo mới."]
