"""`flask vendors expiring`: certifications about to expire, and those already expired."""
from datetime import date


def test_expiring_lists_soon_expiring_then_expired_certifications(
        runner, make_vendor, make_certification, on_day):
    on_day(date(2026, 11, 23))
    vendor = make_vendor(legal_name="Công ty Chứng Chỉ")
    make_certification(vendor, "iso9001", expires_in=10, number="SAP-HET")
    make_certification(vendor, "iso27001", expires_in=30, number="DUNG-30-NGAY")
    make_certification(vendor, "iso20000", expires_in=31, number="CON-LAU")
    make_certification(vendor, "attt", expires_in=-2, number="DA-HET")
    result = runner.invoke(args=["vendors", "expiring", "--days", "30"])
    assert result.exit_code == 0, result.output
    soon, expired = result.output.split("Chứng chỉ đã hết hạn")
    assert "Chứng chỉ sắp hết hạn trong 30 ngày tới: 2" in soon
    assert f"{vendor.tax_code}\tCông ty Chứng Chỉ\tISO 9001\tSAP-HET\t03/12/2026" in soon
    assert "DUNG-30-NGAY\t23/12/2026" in soon
    assert "CON-LAU" not in result.output
    assert soon.index("SAP-HET") < soon.index("DUNG-30-NGAY")  # soonest first
    assert expired.startswith(": 1") and "DA-HET\t21/11/2026" in expired
    assert "Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng" in expired


def test_expiring_reports_zero_when_nothing_is_due(runner, make_vendor, make_certification):
    make_certification(make_vendor(), expires_in=400)
    result = runner.invoke(args=["vendors", "expiring"])  # 30 days by default
    assert result.exit_code == 0
    assert "sắp hết hạn trong 30 ngày tới: 0" in result.output
    assert "đã hết hạn: 0" in result.output


def test_expiring_refuses_a_negative_number_of_days(runner, registry):
    result = runner.invoke(args=["vendors", "expiring", "--days", "-1"])
    assert result.exit_code != 0
