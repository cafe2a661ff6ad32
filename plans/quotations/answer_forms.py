"""The vendor's forms: a quotation (one row per line of the request, with its signed PDF) and a
decline with its reason. The PDF is checked by content and size in plans.quotations.answers."""
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import FieldList, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from core.clock import today
from core.formats import dmy
from core.forms import DayField, Form, MoneyField
from core.vat import VAT_LABELS, VAT_RATES

MAX_NOTE = 2000


class AnswerLineForm(Form):
    """One line's price; an empty price means the line is not offered."""

    class Meta:
        csrf = False  # nested in a form that carries the token

    earliest: date | None = None  # set by answer_form: the first acceptable validity date

    request_line_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    unit_price = MoneyField(_l("Đơn giá (đồng, chưa gồm thuế GTGT)"), validators=[Optional()])
    vat_rate = SelectField(_l("Thuế suất GTGT"), default="10",
                           choices=[SelectChoice(code, VAT_LABELS[code]) for code in VAT_RATES])
    valid_until = DayField(_l("Báo giá có hiệu lực đến ngày"))
    note = StringField(_l("Ghi chú (không bắt buộc)"), validators=[Length(max=MAX_NOTE)])

    def offered(self) -> bool:
        return self.unit_price.data is not None or bool(
            self.unit_price.raw_data and self.unit_price.raw_data[0])

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.offered() or self.valid_until.errors:
            return ok
        earliest = self.earliest or today()
        if self.valid_until.data is None:
            self.valid_until.errors = [_("Vui lòng nhập ngày hết hiệu lực của báo giá.")]
            return False
        if self.valid_until.data < earliest:
            self.valid_until.errors = [_("Báo giá phải còn hiệu lực ít nhất đến ngày %(day)s.",
                                         day=dmy(earliest))]
            return False
        return ok

    def values(self) -> dict:
        return {"request_line_id": self.request_line_id.data,
                "unit_price": self.unit_price.data, "vat_rate": self.vat_rate.data,
                "valid_until": self.valid_until.data, "note": self.note.data}


class AnswerForm(Form):
    request_version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    lines = FieldList(FormField(AnswerLineForm))
    pdf = FileField(_l("Báo giá đã ký (PDF)"),
                    render_kw={"accept": ".pdf,application/pdf"})

    def line_values(self) -> list[dict]:
        """One {request_line_id, unit_price, vat_rate, valid_until, note} per row."""
        return [entry.form.values() for entry in self.lines.entries]

    def line_ids(self) -> list[int | None]:
        return [entry.form.request_line_id.data for entry in self.lines.entries]


def answer_form(rows: int, earliest: date, **kwargs) -> AnswerForm:
    """An answer form with exactly one row per line of the request; a validity before
    `earliest` is refused on its row."""

    class RowForm(AnswerLineForm):
        pass

    RowForm.earliest = earliest

    class RequestAnswerForm(AnswerForm):
        pass

    RequestAnswerForm.lines = FieldList(FormField(RowForm), min_entries=rows, max_entries=rows)
    return RequestAnswerForm(**kwargs)


class DeclineForm(Form):
    reason = TextAreaField(_l("Lý do từ chối báo giá"), validators=[
        DataRequired(_l("Vui lòng ghi lý do từ chối báo giá.")),
        Length(max=MAX_NOTE, message=_l("Lý do từ chối dài quá 2000 ký tự."))])
