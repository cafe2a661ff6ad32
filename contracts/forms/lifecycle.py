"""Forms of the lifecycle of a contract or amendment: review comments, the vendor's return,
the approver's return or refusal, signing, termination."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from core import clock
from core.forms import REQUIRED, DayField, Form


class ReturnForm(Form):
    comment = TextAreaField(_l("Ý kiến rà soát (lý do trả lại)"), validators=[
        DataRequired(_l("Vui lòng ghi ý kiến rà soát khi trả lại để chỉnh sửa.")),
        Length(max=5000)])


class VendorReturnForm(Form):
    comment = TextAreaField(_l("Ý kiến của nhà cung cấp (lý do trả lại)"), validators=[
        DataRequired(_l("Vui lòng ghi ý kiến của nhà cung cấp khi trả lại dự thảo.")),
        Length(max=5000)])


class ApproverReturnForm(Form):
    comment = TextAreaField(_l("Lý do trả lại để chỉnh sửa"), validators=[
        DataRequired(_l("Vui lòng ghi lý do trả lại để chỉnh sửa.")), Length(max=5000)])


class RefuseForm(Form):
    comment = TextAreaField(_l("Lý do không phê duyệt"), validators=[
        DataRequired(_l("Vui lòng ghi lý do không phê duyệt.")), Length(max=5000)])


class ClearForm(Form):
    comment = TextAreaField(_l("Ý kiến rà soát (không bắt buộc)"),
                            validators=[Length(max=5000)])


class SignForm(Form):
    signed_on = DayField(_l("Ngày ký"), validators=[InputRequired(_l("Vui lòng nhập ngày ký."))])
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
