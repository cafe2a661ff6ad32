"""Admin forms for the catalog; every label and message goes through Flask-Babel."""
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Regexp,
                                ValidationError)

from catalog.importer import CATEGORY_CODE, SERVICE_CODE
from catalog.legal_bases import legal_bases
from catalog.models import AVAILABILITY_LABELS
from core.forms import REQUIRED, Form, MultiCheckboxField
from core.vat import VAT_LABELS


LEVEL_FORMAT = _l("“Tên chỉ tiêu: mục tiêu | cách đo lường”")
LEVEL_EXAMPLE = _l("“Tính sẵn sàng: ≥ 99,5%/tháng | tỷ lệ thời gian dịch vụ hoạt động trong "
                   "tháng, đo bằng hệ thống giám sát tự động”")


def parse_service_levels(text: str, *, require_measure: bool = True) -> list[dict[str, str]]:
    """One service level per line, "name: target | measure"; raise ValueError naming the bad
    line. Without `require_measure` a line may stop at the target (no "measure" key then)."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        head, _bar, measure = line.partition("|")
        name, sep, target = head.partition(":")
        if not sep or not name.strip() or not target.strip():
            raise ValueError(_("Dòng %(number)s cần có dạng %(format)s, ví dụ %(example)s.",
                               number=number, format=LEVEL_FORMAT, example=LEVEL_EXAMPLE))
        item = {"name": name.strip(), "target": target.strip()}
        if measure.strip():
            item["measure"] = measure.strip()
        elif require_measure:
            raise ValueError(_(
                "Dòng %(number)s (“%(name)s”) chưa ghi cách đo lường: thêm “| cách đo lường” sau "
                "mục tiêu (phương pháp, công cụ hoặc nguồn số liệu, kỳ đo), ví dụ %(example)s.",
                number=number, name=item["name"], example=LEVEL_EXAMPLE))
        items.append(item)
    return items


def format_service_levels(items: list[dict[str, str]]) -> str:
    """The text-area form of a service-level list ("name: target | measure")."""
    return "\n".join(
        f"{item['name']}: {item['target']}"
        + (f" | {item['measure']}" if str(item.get("measure") or "").strip() else "")
        for item in items or [])


class CategoryForm(Form):
    code = StringField(_l("Mã nhóm"), validators=[
        DataRequired(REQUIRED),
        Regexp(CATEGORY_CODE, message=_l("Mã nhóm gồm 2–8 chữ cái in hoa, ví dụ HT.")),
    ], filters=[str.upper])
    name = StringField(_l("Tên nhóm"), validators=[DataRequired(REQUIRED), Length(max=255)])
    description = TextAreaField(_l("Mô tả"), validators=[Length(max=2000)])
    position = IntegerField(_l("Thứ tự hiển thị"), default=0, validators=[
        InputRequired(_l("Vui lòng nhập thứ tự (số nguyên).")),
        NumberRange(min=0, max=999, message=_l("Thứ tự từ 0 đến 999.")),
    ])


class ServiceForm(Form):
    code = StringField(_l("Mã dịch vụ"), validators=[
        DataRequired(REQUIRED),
        Regexp(SERVICE_CODE, message=_l("Mã dịch vụ có dạng HT-001.")),
    ], filters=[str.upper])
    category = SelectField(_l("Nhóm dịch vụ"), validators=[DataRequired(REQUIRED)])
    name = StringField(_l("Tên dịch vụ"), validators=[DataRequired(REQUIRED), Length(max=255)])
    description = TextAreaField(_l("Mô tả"),
                                validators=[DataRequired(REQUIRED), Length(max=5000)])
    availability = RadioField(
        _l("Loại dịch vụ"),
        choices=[SelectChoice(k, v) for k, v in AVAILABILITY_LABELS.items()],
        validators=[DataRequired(_l("Vui lòng chọn loại dịch vụ."))],
    )
    unit = StringField(_l("Đơn vị tính thuê"),
                       validators=[DataRequired(REQUIRED), Length(max=60)])
    security_level = SelectField(
        _l("Cấp độ an toàn hệ thống thông tin tối thiểu"),
        choices=[SelectChoice(str(i), _l("Cấp độ %(level)s", level=i)) for i in range(1, 6)],
        validators=[DataRequired(_l("Vui lòng chọn cấp độ."))],
    )
    usual_vat_rate = SelectField(
        _l("Thuế suất GTGT thường áp dụng"),
        choices=[SelectChoice(code, label) for code, label in VAT_LABELS.items()],
        default="10", validators=[DataRequired(_l("Vui lòng chọn thuế suất."))],
    )
    service_levels = TextAreaField(
        _l("Chỉ tiêu chất lượng dịch vụ (mỗi dòng “Tên chỉ tiêu: mục tiêu | cách đo lường”)"),
        validators=[DataRequired(REQUIRED)],
    )
    legal_bases = MultiCheckboxField(_l("Căn cứ pháp lý"), validators=[
        DataRequired(_l("Chọn ít nhất một căn cứ pháp lý."))
    ])

    def __init__(self, categories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice(c.code, f"{c.code} – {c.name}") for c in categories]
        self.legal_bases.choices = [SelectChoice(k, v["short_name"])
                                    for k, v in legal_bases().items()]

    def validate_service_levels(self, field):
        try:
            parse_service_levels(field.data)
        except ValueError as error:
            raise ValidationError(str(error))

    def service_data(self, categories_by_code) -> dict:
        """The validated form as service fields."""
        return {
            "code": self.code.data,
            "category": categories_by_code[self.category.data],
            "name": self.name.data,
            "description": self.description.data,
            "availability": self.availability.data,
            "unit": self.unit.data,
            "security_level": int(self.security_level.data),
            "usual_vat_rate": self.usual_vat_rate.data,
            "service_levels": parse_service_levels(self.service_levels.data),
            "legal_bases": list(self.legal_bases.data),
        }
