"""Forms to record a period's acceptance and a payment; every message in Vietnamese."""
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from core.forms import REQUIRED, DayField, Form, MoneyField
from core.money import MAX_AMOUNT


class LevelResultForm(Form):
    class Meta:
        csrf = False  # nested in a form that carries the token

    measured = StringField(_l("Kết quả đo trong kỳ"),
                           validators=[DataRequired(REQUIRED), Length(max=255)])
    met = RadioField(_l("Đánh giá"), choices=[SelectChoice("yes", _l("Đạt")),
                                              SelectChoice("no", _l("Không đạt"))],
                     validators=[InputRequired(_l("Vui lòng chọn Đạt hoặc Không đạt."))])


class AcceptanceForm(Form):
    levels = FieldList(FormField(LevelResultForm))
    deductions = MoneyField(_l("Số tiền giảm trừ (đồng)"), default=0,
                            validators=[InputRequired(REQUIRED)])
    deduction_reason = TextAreaField(_l("Lý do giảm trừ"),
                                     validators=[Length(max=2000)])
    accepted_on = DayField(_l("Ngày nghiệm thu"),
                           validators=[InputRequired(_l("Vui lòng nhập ngày nghiệm thu."))])
    notes = TextAreaField(_l("Ý kiến khác"), validators=[Length(max=2000)])

    def validate_deduction_reason(self, field):
        if self.deductions.data and not field.data:
            raise ValidationError(_l("Vui lòng ghi lý do giảm trừ."))

    def results(self) -> list[dict]:
        """One {measured, met} per service level, in the contract's order."""
        return [{"measured": entry.form.measured.data, "met": entry.form.met.data == "yes"}
                for entry in self.levels.entries]


class PaymentForm(Form):
    amount = MoneyField(_l("Số tiền thanh toán (đồng)"), validators=[
        InputRequired(REQUIRED),
        NumberRange(1, MAX_AMOUNT, _l("Số tiền thanh toán phải lớn hơn 0."))])
    paid_on = DayField(_l("Ngày thanh toán"),
                       validators=[InputRequired(_l("Vui lòng nhập ngày thanh toán."))])
    reference = StringField(_l("Số chứng từ (ví dụ số lệnh chi, giấy rút dự toán của Kho bạc)"),
                            validators=[DataRequired(REQUIRED), Length(max=60)])


def acceptance_form(levels: int, **kwargs) -> AcceptanceForm:
    """An acceptance form with exactly one result row per service level of the contract."""

    class ContractAcceptanceForm(AcceptanceForm):
        pass

    ContractAcceptanceForm.levels = FieldList(FormField(LevelResultForm), min_entries=levels,
                                              max_entries=levels)
    return ContractAcceptanceForm(**kwargs)
