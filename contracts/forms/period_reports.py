"""The vendor's forms: a period's service report and the invoice of an accepted period. The PDFs
are checked by content and size in the service."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from contracts.forms.acceptance import LevelResultForm
from contracts.models.period_report import MAX_INCIDENTS, MAX_INVOICE_NUMBER, MAX_NOTES
from core.forms import REQUIRED, DayField, Form, MoneyField
from core.money import MAX_AMOUNT


class PeriodReportForm(Form):
    levels = FieldList(FormField(LevelResultForm))
    incidents = TextAreaField(_l("Sự cố trong kỳ (mỗi sự cố một dòng: thời điểm, mô tả, thời "
                                 "gian khắc phục)"), validators=[Length(max=MAX_INCIDENTS)])
    notes = TextAreaField(_l("Ghi chú"), validators=[Length(max=MAX_NOTES)])
    file = FileField(_l("Báo cáo kèm theo (PDF, không bắt buộc)"))

    def results(self) -> list[dict]:
        """One {measured, met} per service level, in the contract's order."""
        return [{"measured": entry.form.measured.data, "met": entry.form.met.data == "yes"}
                for entry in self.levels.entries]


def report_form(levels: int, **kwargs) -> PeriodReportForm:
    """A report form with exactly one result row per service level of the contract."""

    class ContractReportForm(PeriodReportForm):
        pass

    ContractReportForm.levels = FieldList(FormField(LevelResultForm), min_entries=levels,
                                          max_entries=levels)
    return ContractReportForm(**kwargs)


class InvoiceForm(Form):
    number = StringField(_l("Số hóa đơn"), validators=[DataRequired(REQUIRED),
                                                       Length(max=MAX_INVOICE_NUMBER)])
    issued_on = DayField(_l("Ngày hóa đơn"),
                         validators=[InputRequired(_l("Vui lòng nhập ngày hóa đơn."))])
    amount = MoneyField(_l("Số tiền trên hóa đơn (đồng, gồm thuế GTGT)"), validators=[
        InputRequired(REQUIRED),
        NumberRange(1, MAX_AMOUNT, _l("Số tiền trên hóa đơn phải lớn hơn 0."))])
    file = FileField(_l("Hóa đơn (PDF)"),
                     validators=[FileRequired(_l("Vui lòng chọn tệp PDF của hóa đơn."))])
