"""The amendment form: reason, place and date, and the terms it changes."""
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from catalog.forms import parse_service_levels
from contracts.forms.wizard import LineForm, PricedLines
from core.forms import REQUIRED, WHOLE, DayField, Form


class AmendmentForm(PricedLines, Form):
    reason = TextAreaField(_l("Lý do điều chỉnh"),
                           validators=[DataRequired(REQUIRED), Length(max=5000)])
    place = StringField(_l("Địa danh ghi trên phụ lục"),
                        validators=[DataRequired(REQUIRED), Length(max=120)])
    amendment_date = DayField(_l("Ngày ký dự kiến"),
                              validators=[InputRequired(_l("Vui lòng nhập ngày."))])
    months = IntegerField(
        _l("Thời gian thuê sau điều chỉnh (tháng)"), invalid_value_message=WHOLE,
        validators=[InputRequired(REQUIRED),
                    NumberRange(1, 240, _l("Thời gian thuê từ 1 đến 240 tháng."))])
    lines = FieldList(FormField(LineForm), min_entries=1)
    service_levels = TextAreaField(
        _l("Chỉ tiêu chất lượng dịch vụ (mỗi dòng “Tên: mục tiêu | cách đo”)"),
        validators=[DataRequired(REQUIRED)])
    special_clauses = TextAreaField(_l("Điều khoản riêng (mỗi dòng một điều khoản)"),
                                    validators=[Length(max=10000)])

    NO_LINES = _l("Phụ lục cần ít nhất một dòng dịch vụ có giá.")

    def values(self) -> dict:
        return {"reason": self.reason.data, "place": self.place.data,
                "amendment_date": self.amendment_date.data, "months": self.months.data,
                "lines": self.line_data(),
                "service_levels": parse_service_levels(self.service_levels.data),
                "special_clauses": (self.special_clauses.data or "").strip()}
