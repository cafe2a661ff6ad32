"""One form per contract-wizard step; every message in Vietnamese."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (FieldList, FormField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, Email, InputRequired, Length, Optional,
                                ValidationError)

from accounts.forms import BUDGET_CODE
from accounts.tax_code import tax_code_error
from catalog.forms import parse_service_levels
from catalog.legal_bases import legal_bases
from contracts.models.contract import BILLINGS, LINE_FIELDS, SCHEDULES
from core.formats import lines_of
from core.forms import (LINE_LIMITS, REQUIRED, WHOLE, DayField, Form, MoneyField,
                        line_amount_fits, total_error)
from core.forms import whole_number as whole
from core.money import format_vnd
from core.vat import VAT_LABELS


class OfferingStepForm(Form):
    offering = SelectField(_l("Dịch vụ của nhà cung cấp"), coerce=int,
                           validators=[InputRequired(_l("Vui lòng chọn một dịch vụ cụ thể."))])
    plan = SelectField(_l("Kế hoạch thuê đã lập (không bắt buộc)"), coerce=int, default=0)


class PartyForm(Form):
    class Meta:
        csrf = False  # nested in a form that carries the token

    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(REQUIRED), Length(max=255)])
    address = StringField(_l("Địa chỉ"), validators=[DataRequired(REQUIRED), Length(max=255)])
    phone = StringField(_l("Điện thoại"), validators=[Length(max=30)])
    email = StringField(_l("Thư điện tử"), validators=[
        Optional(), Email(_l("Địa chỉ thư điện tử không hợp lệ."))])
    tax_code = StringField(_l("Mã số thuế"), validators=[Length(max=20)])
    account = StringField(_l("Số tài khoản"), validators=[Length(max=40)])
    bank = StringField(_l("Mở tại (ngân hàng, kho bạc)"), validators=[Length(max=255)])
    representative = StringField(_l("Người đại diện"),
                                 validators=[DataRequired(REQUIRED), Length(max=120)])
    position = StringField(_l("Chức vụ"),
                           validators=[DataRequired(REQUIRED), Length(max=120)])

    def validate_tax_code(self, field):
        if field.data and (error := tax_code_error(field.data)):
            raise ValidationError(error)


class AgencyPartyForm(PartyForm):
    budget_code = StringField(_l("Mã đơn vị có quan hệ với ngân sách"),
                              validators=[Optional(), BUDGET_CODE])


class VendorPartyForm(PartyForm):
    tax_code = StringField(_l("Mã số thuế"), validators=[
        DataRequired(_l("Bên B phải có mã số thuế.")), Length(max=20)])


class PartiesForm(Form):
    party_a = FormField(AgencyPartyForm, label=_l("Bên thuê dịch vụ (Bên A)"))
    party_b = FormField(VendorPartyForm, label=_l("Bên cung cấp dịch vụ (Bên B)"))


class LineForm(Form):
    class Meta:
        csrf = False

    name = StringField(_l("Nội dung"), validators=[Length(max=255)])
    unit = StringField(_l("Đơn vị tính"), validators=[Length(max=60)])
    quantity = IntegerField(_l("Số lượng"), invalid_value_message=WHOLE, validators=[Optional()])
    months = IntegerField(_l("Số tháng"), invalid_value_message=WHOLE, validators=[Optional()])
    unit_price = MoneyField(_l("Đơn giá (đồng)"), validators=[Optional()])
    vat_rate = SelectField(_l("Thuế GTGT"), default="kct",
                           choices=[SelectChoice(k, v) for k, v in VAT_LABELS.items()])
    billing = SelectField(_l("Thanh toán"), default="periodic",
                          choices=[SelectChoice(k, v) for k, v in BILLINGS.items()])
    billed_month = IntegerField(_l("Tháng phát sinh (khoản một lần)"),
                                invalid_value_message=WHOLE, validators=[Optional()])

    def is_blank(self) -> bool:
        return not any([self.name.data, self.unit.data, self.quantity.raw_data and
                        self.quantity.raw_data[0], self.months.raw_data and
                        self.months.raw_data[0], self.unit_price.raw_data and
                        self.unit_price.raw_data[0]])

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True  # an untouched spare row
        ok = super().validate(extra_validators)
        for name, (low, high) in LINE_LIMITS.items():
            field = self[name]
            if not field.errors and (field.data is None or not low <= field.data <= high):
                field.errors = [_("Phải là số nguyên từ %(low)s đến %(high)s.",
                                  low=low, high=format_vnd(high))]
                ok = False
        for field in (self.name, self.unit):
            if not field.data:
                field.errors = [REQUIRED]
                ok = False
        month = self.billed_month
        if self.billing.data == "once" and not month.errors and not 1 <= (month.data or 1) <= 240:
            month.errors = [_("Tháng phát sinh là tháng thứ mấy của thời gian thuê, từ 1 đến 240.")]
            ok = False
        return ok and line_amount_fits(self)


class PricedLines:
    """The checks and rows of a form with `lines` (LineForm rows) and `service_levels`: the
    wizard's lines step and an amendment. Each form declares its own fields, in its order."""

    NO_LINES = _l("Hợp đồng cần ít nhất một dòng dịch vụ có giá.")

    def validate_service_levels(self, field):
        try:
            parse_service_levels(field.data)
        except ValueError as error:
            raise ValidationError(str(error))

    def validate_lines(self, field):
        if all(entry.form.is_blank() for entry in field.entries):
            raise ValidationError(str(self.NO_LINES))
        if not any(field.errors) and (problem := total_error(e.form for e in field.entries)):
            raise ValidationError(problem)

    def line_data(self) -> list[dict]:
        """The filled rows; a one-off line keeps its month (1 when left empty), a periodic
        one has none to keep."""
        rows = []
        for entry in self.lines.entries:
            if not entry.form.is_blank():
                row = {k: entry.form[k].data for k in LINE_FIELDS}
                once = row["billing"] == "once"
                row["billed_month"] = (row["billed_month"] or 1) if once else 1
                rows.append(row)
        return rows


class LinesForm(PricedLines, Form):
    lines = FieldList(FormField(LineForm), min_entries=1)
    service_levels = TextAreaField(
        _l("Chỉ tiêu chất lượng dịch vụ (mỗi dòng “Tên: mục tiêu | cách đo”)"),
        validators=[DataRequired(REQUIRED)])
    technical = TextAreaField(_l("Yêu cầu kỹ thuật đã thống nhất"),
                              validators=[DataRequired(REQUIRED), Length(max=10000)])


class TermForm(Form):
    start_date = DayField(_l("Ngày bắt đầu thời gian thuê"),
                          validators=[InputRequired(_l("Vui lòng nhập ngày bắt đầu."))])
    months = whole(_l("Thời gian thuê (tháng)"), 1, 240,
                   _l("Thời gian thuê từ 1 đến 240 tháng."))
    preparation_months = whole(
        _l("Thời gian chuẩn bị dịch vụ, gồm vận hành thử và đào tạo (tháng)"), 0, 36,
        _l("Từ 0 đến 36 tháng."), default=0)
    schedule = RadioField(_l("Kỳ thanh toán"), default="quarterly",
                          choices=[SelectChoice(k, v) for k, v in SCHEDULES.items()],
                          validators=[InputRequired(_l("Vui lòng chọn kỳ thanh toán."))])
    milestones = TextAreaField(_l("Các mốc thanh toán (mỗi dòng “Tên mốc: tỷ lệ %”)"))
    # The value is the contract's own wording (printed in its document); the label translates.
    payment_method = SelectField(_l("Hình thức thanh toán"), default="Chuyển khoản", choices=[
        SelectChoice("Chuyển khoản", _l("Chuyển khoản")),
        SelectChoice("Chuyển khoản qua Kho bạc Nhà nước", _l("Chuyển khoản qua Kho bạc Nhà nước"))])
    payment_days = whole(_l("Số ngày thanh toán sau khi đủ hồ sơ"), 1, 90,
                         _l("Từ 1 đến 90 ngày."), default=15)

    def validate_milestones(self, field):
        if self.schedule.data != "milestone":
            return
        if not lines_of(field.data):
            raise ValidationError(_l("Thanh toán theo mốc cần ít nhất một mốc."))
        self.milestone_data()

    def milestone_data(self) -> list[dict]:
        items = []
        for number, line in enumerate(lines_of(self.milestones.data), start=1):
            label, _colon, pct = line.rpartition(":")
            pct = pct.strip().rstrip("%").strip()
            if not label.strip() or not pct.isdigit() or not 0 < int(pct) <= 100:
                raise ValidationError(_("Dòng %(number)s cần có dạng “Tên mốc: tỷ lệ %%”, "
                                        "ví dụ “Nghiệm thu đưa vào sử dụng: 30%%”.",
                                        number=number))
            items.append({"label": label.strip(), "percent": int(pct)})
        return items


class ClausesForm(Form):
    title = StringField(_l("Tên hợp đồng"), validators=[DataRequired(REQUIRED), Length(max=255)])
    pack_id = SelectField(_l("Căn cứ pháp lý (bộ mẫu)"))
    place = StringField(_l("Địa danh ghi trên hợp đồng"),
                        validators=[DataRequired(REQUIRED), Length(max=120)])
    contract_date = DayField(_l("Ngày ký dự kiến"),
                             validators=[InputRequired(_l("Vui lòng nhập ngày."))])
    extra_bases = TextAreaField(_l("Căn cứ bổ sung (mỗi dòng một văn bản: quyết định phê duyệt "
                                   "kế hoạch thuê, kết quả lựa chọn nhà thầu…)"))
    data_handover = TextAreaField(_l("Cách bàn giao dữ liệu khi kết thúc"),
                                  validators=[DataRequired(REQUIRED), Length(max=5000)])
    handover_days = whole(_l("Thời hạn bàn giao dữ liệu sau khi kết thúc (ngày)"), 1, 180,
                          _l("Từ 1 đến 180 ngày."), default=30)
    special_clauses = TextAreaField(_l("Điều khoản riêng (mỗi dòng một điều khoản)"),
                                    validators=[Length(max=10000)])
    copies = whole(_l("Số bản gốc"), 2, 20, _l("Từ 2 đến 20 bản."), default=6)
    copies_each = whole(_l("Mỗi bên giữ (bản)"), 1, 10, _l("Từ 1 đến 10 bản."), default=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_id.choices = [SelectChoice(k, v["short_name"]) for k, v in legal_bases().items()]

    def validate_copies_each(self, field):
        if self.copies.data and field.data and field.data * 2 > self.copies.data:
            raise ValidationError(_l("Hai bên giữ nhiều bản hơn tổng số bản gốc."))
