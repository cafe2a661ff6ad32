"""Catalog import: upsert by code, strict validation, nothing written on error."""
import pytest
import yaml
from sqlalchemy import func, select

from catalog.importer import DEFAULT_FILE, CatalogFileError, import_catalog, parse_catalog
from catalog.models import CatalogArchive, Service
from extensions import db
from tests.catalog.conftest import SAMPLE


def service_count() -> int:
    return db.session.scalar(select(func.count(Service.id)))


def test_import_creates_then_reports_everything_unchanged(app):
    first = import_catalog(SAMPLE)
    assert first["services"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert first["categories"]["created"] == 2
    second = import_catalog(SAMPLE)
    assert second["services"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert service_count() == 4


def test_reimport_with_a_changed_name_updates_and_archives(app):
    import_catalog(SAMPLE)
    changed = SAMPLE.replace("Hội nghị truyền hình trực tuyến", "Hội nghị truyền hình")
    counts = import_catalog(changed)
    assert counts["services"] == {"created": 0, "updated": 1, "unchanged": 3}
    service = db.session.scalar(select(Service).where(Service.code == "HT-002"))
    assert service.name == "Hội nghị truyền hình" and service.version == 2
    archive = db.session.scalar(select(CatalogArchive).where(
        CatalogArchive.object_id == service.id))
    assert archive.data["name"] == "Hội nghị truyền hình trực tuyến"


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["services"][1].pop("unit"),
     'Dịch vụ thứ 2 (HT-002), trường "unit": thiếu giá trị'),
    (lambda d: d["services"][2].update(category="XX"),
     'Dịch vụ thứ 3 (PM-001), trường "category": nhóm dịch vụ XX'),
    (lambda d: d["services"][3].update(code="HT-001"),
     'Dịch vụ thứ 4 (HT-001), trường "code": mã HT-001 bị trùng'),
    (lambda d: d["services"][0].update(security_level=7),
     'trường "security_level": cấp độ an toàn'),
    (lambda d: d["services"][0].update(security_level="ba"),
     'trường "security_level": phải là số nguyên'),
    (lambda d: d["services"][0].update(availability="free"), 'trường "availability"'),
    (lambda d: d["services"][0].update(legal_bases=["nd99-2030"]),
     "căn cứ pháp lý nd99-2030 không tồn tại"),
    (lambda d: d["services"][0].update(colour="đỏ"), 'trường "colour": trường không được hỗ trợ'),
    (lambda d: d["services"][0].update(service_levels=[{"name": "x"}]),
     "mục 1 (x) thiếu target, measure"),
    (lambda d: d["services"][0]["service_levels"][0].pop("measure"),
     'Dịch vụ thứ 1 (HT-001), trường "service_levels": mục 1 (Tính sẵn sàng) thiếu cách đo lường'),
    (lambda d: d["services"][3]["service_levels"][0].update(measure="  "),
     'Dịch vụ thứ 4 (PM-002), trường "service_levels": mục 1 (Tính sẵn sàng) thiếu cách đo lường'),
    (lambda d: d["services"][1]["service_levels"][0].update(how="x"),
     "mục 1 phải có đúng ba khóa name, target và measure"),
    (lambda d: d["categories"][1].update(code="HT"),
     'Nhóm thứ 2 (HT), trường "code": mã HT bị trùng'),
    (lambda d: d["services"][0].update(code="ht 1"), "mã phải có dạng HT-001"),
])
def test_malformed_entries_are_named_and_nothing_is_written(app, mutate, expected):
    data = yaml.safe_load(SAMPLE)
    mutate(data)
    with pytest.raises(CatalogFileError) as error:
        import_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert any(expected in line for line in error.value.errors), error.value.errors
    assert service_count() == 0


def test_bad_yaml_is_rejected_with_a_message():
    with pytest.raises(CatalogFileError, match="YAML hợp lệ"):
        parse_catalog("categories: [\n  - : :")


def test_cli_import_prints_counts_and_rejects_bad_files(runner, tmp_path):
    good = tmp_path / "catalog.yml"
    good.write_text(SAMPLE, encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Dịch vụ: tạo mới 4, cập nhật 0, giữ nguyên 0." in result.output
    again = runner.invoke(args=["catalog", "import", str(good)])
    assert "Dịch vụ: tạo mới 0, cập nhật 0, giữ nguyên 4." in again.output
    bad = tmp_path / "bad.yml"
    bad.write_text(SAMPLE.replace("category: PM", "category: ZZ"), encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(bad)])
    assert result.exit_code == 1
    assert "nhóm dịch vụ ZZ không có trong tệp" in result.output
    assert "chưa ghi gì" in result.output


def test_the_shipped_catalog_is_valid_and_large_enough():
    categories, services = parse_catalog(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert len(categories) >= 8
    assert len(services) >= 40
    assert {s["availability"] for s in services} == {"market", "custom"}
    assert all(s["description"] and s["service_levels"] for s in services)


def test_seed_demo_is_idempotent_and_covers_every_pack(runner):
    from contracts.models.contract import Contract
    from plans.models import LeasePlan

    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    count = service_count()
    assert count >= 40
    packs = {"qd80-2014", "nd73-2019", "nd224-2026"}
    assert set(db.session.scalars(select(LeasePlan.pack_id))) == packs
    contracts = list(db.session.scalars(select(Contract)))
    assert {c.pack_id for c in contracts} == packs
    # Numbers are given at approval: drafts, contracts in review and refused ones have none.
    assert all(bool(c.number) == (c.status not in ("draft", "review", "refused"))
               for c in contracts)
    assert any(c.schedule == "quarterly" and c.months > 12 for c in contracts)
    from contracts.models.contract import CONTRACT_STATUSES
    assert {c.status for c in contracts} == set(CONTRACT_STATUSES)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    for line in ("dịch vụ mới: 0", "tài khoản mới: 0", "kế hoạch thuê mới: 0", "hợp đồng mới: 0"):
        assert line in second.output
    assert service_count() == count
    assert db.session.scalar(select(func.count(Contract.id))) == len(contracts)
