import pytest

from catalog.importer import import_catalog
from extensions import db

SAMPLE = """
categories:
  - code: HT
    name: Hạ tầng
    description: Hạ tầng kỹ thuật.
  - code: PM
    name: Phần mềm dịch vụ
    description: Phần mềm thuê theo dịch vụ.
services:
  - code: HT-001
    category: HT
    name: Điện toán đám mây chính phủ
    description: Máy chủ ảo và lưu trữ trên nền tảng đám mây đặt tại trung tâm dữ liệu.
    availability: market
    unit: máy chủ ảo/tháng
    security_level: 3
    service_levels:
      - {name: Tính sẵn sàng, target: "≥ 99,9%/tháng",
         measure: "Giám sát tự động mỗi phút, tổng hợp theo tháng"}
    legal_bases: [nd73-2019, nd224-2026]
  - code: HT-002
    category: HT
    name: Hội nghị truyền hình trực tuyến
    description: Phòng họp trực tuyến giữa các điểm cầu.
    availability: market
    unit: điểm cầu/tháng
    security_level: 2
    service_levels:
      - {name: Độ trễ, target: "≤ 300 ms", measure: "Thống kê cuộc gọi của từng phiên họp"}
    legal_bases: [qd80-2014]
  - code: PM-001
    category: PM
    name: Dịch vụ công trực tuyến
    description: Cổng dịch vụ công và một cửa điện tử, tiếp nhận hồ sơ hội nghị khách hàng.
    availability: custom
    unit: tháng
    security_level: 3
    service_levels:
      - {name: Thời gian phản hồi, target: "< 5 giây",
         measure: "Giám sát hiệu năng ứng dụng, trung bình theo tháng"}
    legal_bases: [qd80-2014, nd73-2019, nd224-2026]
  - code: PM-002
    category: PM
    name: Quản lý văn bản và điều hành
    description: Văn bản đến, văn bản đi, hồ sơ công việc, chữ ký số.
    availability: custom
    unit: người dùng/tháng
    security_level: 2
    service_levels:
      - {name: Tính sẵn sàng, target: "≥ 99,5%/tháng", measure: "Giám sát tự động, theo tháng"}
    legal_bases: [nd73-2019]
"""


@pytest.fixture
def catalog(app):
    """A small committed catalog: 2 categories, 4 services."""
    counts = import_catalog(SAMPLE)
    db.session.commit()
    return counts
