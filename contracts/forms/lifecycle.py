"""Forms of the contract lifecycle: review comments, signing, termination, signed copies and
amendments; every message in Vietnamese."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, FieldList, FormField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from contracts.forms.wizard import LineForm, PricedLines, parse_contract_levels
from core import clock
from core.forms import REQUIRED, WHOLE, Form


class ReturnForm(Form):
    comment = TextAreaField(_l("Ý kiến rà soát (lý do trả lại)"), validators=[
        DataRequired(_l("Vui lòng ghi ý kiến rà soát khi trả lại để chỉnh sửa.")),
        Length(max=5000)])


class ClearForm(Form):
    comment = TextAreaField(_l("Ý kiến rà soát (không bắt buộc)"),
                            validators=[Length(max=5000)])


class SignForm(Form):
    signed_on = DateField(_l("Ngày ký"), validators=[InputRequired(_l("Vui lòng nhập ngày ký."))])
    a_name = StringField(_l("Người ký Bên A – họ và tên"),
                         validators=[DataRequired(REQUIRED), Length(max=120)])
    a_position = StringField(_l("Người ký Bên A – chức vụ"),
                             validators=[DataRequired(REQUIRED), Length(max=120)])
    b_name = StringField(_l("Người ký Bên B – họ và tên"),
                         validators=[DataRequired(REQUIRED), Length(max=120)])
    b_position = StringField(_l("Người ký Bên B – chức vụ"),
                             validators=[DataRequired(REQUIRED), Length(max=120)])

    def validate_signed_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("Ngày ký không được sau ngày hôm nay."))

    def signatories(self) -> dict:
        return {"a": {"name": self.a_name.data, "position": self.a_position.data},
                "b": {"name": self.b_name.data, "position": self.b_position.data}}


class TerminateForm(Form):
    reason = TextAreaField(_l("Lý do chấm dứt hợp đồng"), validators=[
        DataRequired(_l("Vui lòng ghi lý do chấm dứt hợp đồng.")), Length(max=5000)])


class SignedCopyForm(Form):
    file = FileField(_l("Bản PDF đã ký (bản quét hoặc có chữ ký số)"),
                     validators=[FileRequired(_l("Vui lòng chọn tệp PDF."))])


class AmendmentForm(PricedLines, Form):
    reason = TextAreaField(_l("Lý do điều chỉnh"),
                           validators=[DataRequired(REQUIRED), Length(max=5000)])
    place = StringField(_l("Địa danh ghi trên phụ lục"),
                        validators=[DataRequired(REQUIRED), Length(max=120)])
    amendment_date = DateField(_l("Ngày ký dự kiến"),
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
                "service_levels": parse_contract_levels(self.service_levels.data),
                "special_clauses": (self.special_clauses.data or "").strip()}
