"""Lease plan forms: the plan, its estimate lines, the lease-cost calculator, appraisal and
approval."""
import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import (BooleanField, Field, FieldList, FormField, HiddenField,
                     IntegerField, RadioField, SelectField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)
from wtforms.widgets import TextInput

from catalog.legal_bases import in_force_on, legal_bases
from catalog.forms import format_service_levels, parse_service_levels
from core import clock
from core.formats import lines_of
from core.forms import (LINE_LIMITS, REQUIRED, WHOLE, DayField, Form, MoneyField,
                        MultiCheckboxField, line_amount_fits, total_error)
from core.money import MAX_AMOUNT, format_vnd
from core.vat import VAT_LABELS
from plans.calculator import PERIODS_PER_YEAR
from plans.models import COST_PARTS, DEFAULT_RECIPIENTS, DEFAULT_SIGNER_TITLE, LeasePlan
from plans.rules import methods_for, period_problem
from plans.sections import FROM_ND73, SECTION_TEXTS

PERIOD_LABELS = {1: _l("1 kỳ/năm (hằng năm)"), 2: _l("2 kỳ/năm (6 tháng một lần)"),
                 4: _l("4 kỳ/năm (hằng quý)"), 12: _l("12 kỳ/năm (hằng tháng)")}


class PercentField(Field):
    """A yearly rate typed in percent ("6", "6,5", "6,5%") kept as a fraction: Decimal("0.065")."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{(Decimal(self.data) * 100).normalize():f}".replace(".", ",")

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = re.sub(r"\s", "", valuelist[0] or "").rstrip("%").replace(",", ".")
        self.data = None
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("Vui lòng nhập lãi suất theo phần trăm, ví dụ 6 hoặc 6,5.")) from None
        if not value.is_finite() or not 0 <= value < 100:
            raise ValueError(_("Lãi suất phải từ 0 đến dưới 100%."))
        self.data = value / 100


def _optional_int(value):
    """Coerce a select's value to int, with "" meaning none chosen."""
    return int(value) if value not in (None, "", "None") else None


class PlanForm(Form):
    title = StringField(_l("Tên kế hoạch (nội dung thuê)"),
                        validators=[DataRequired(REQUIRED), Length(max=255)])
    plan_date = DayField(_l("Ngày lập kế hoạch"), default=clock.today,
                         validators=[InputRequired(_l("Vui lòng nhập ngày lập kế hoạch."))])
    pack_id = SelectField(_l("Căn cứ pháp lý (bộ mẫu)"), default="")
    services = MultiCheckboxField(_l("Dịch vụ trong danh mục"), coerce=int)
    number = StringField(_l("Số văn bản (để trống nếu chưa cấp số)"),
                         validators=[Length(max=60)])
    place = StringField(_l("Địa danh ghi trên văn bản"),
                        validators=[Length(max=120)])
    signer_title = StringField(_l("Chức vụ người ký"), default=DEFAULT_SIGNER_TITLE,
                               validators=[DataRequired(REQUIRED), Length(max=120)])
    signer_name = StringField(_l("Họ tên người ký"),
                              validators=[Length(max=120)])
    recipients = TextAreaField(_l("Nơi nhận (mỗi dòng một nơi)"),
                               default="\n".join(DEFAULT_RECIPIENTS),
                               validators=[Length(max=2000)])
    extra_bases = TextAreaField(_l("Căn cứ bổ sung (mỗi dòng một văn bản, không ghi “Căn cứ”)"),
                                validators=[Length(max=5000)])
    period_start = DayField(_l("Thời gian thuê: từ ngày"), validators=[
        InputRequired(_l("Vui lòng nhập ngày bắt đầu thời gian thuê."))])
    period_end = DayField(_l("Đến ngày"), validators=[
        InputRequired(_l("Vui lòng nhập ngày kết thúc thời gian thuê."))])
    short_period_allowed = BooleanField(
        _l("Người có thẩm quyền phê duyệt kế hoạch đã cho phép thuê dưới 01 năm"))
    preparation_months = IntegerField(
        _l("Thời gian xây dựng, khởi tạo dịch vụ trước khi sử dụng (tháng)"), default=0,
        invalid_value_message=WHOLE, validators=[
            InputRequired(REQUIRED), NumberRange(0, 60, _l("Từ 0 đến 60 tháng."))])
    service_levels = TextAreaField(
        _l("Chỉ tiêu chất lượng dịch vụ yêu cầu (mỗi dòng “Tên chỉ tiêu: mức yêu cầu | cách đo "
           "lường”); hợp đồng thuê sẽ đề xuất các chỉ tiêu này"),
        validators=[Length(max=5000)])
    security_level_proposal = SelectField(
        _l("Cấp độ an toàn hệ thống thông tin đề xuất"), coerce=_optional_int, default=None,
        choices=[SelectChoice("", _l("— Chọn cấp độ —"))] + [
            SelectChoice(str(n), _l("Cấp độ %(level)s", level=n)) for n in range(1, 6)])

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_id.choices = [SelectChoice("", _("Theo ngày lập kế hoạch (căn cứ đang có "
                                                   "hiệu lực)"))] + [
            SelectChoice(k, v["short_name"]) for k, v in legal_bases().items()]
        self.services.choices = [SelectChoice(s.id, _(
            "%(code)s – %(name)s (dịch vụ theo yêu cầu riêng)", code=s.code, name=s.name)
            if s.availability == "custom" else f"{s.code} – {s.name}") for s in services]

    def resolved_pack(self) -> str | None:
        """The chosen pack, or the one in force on the plan date."""
        if self.pack_id.data:
            return self.pack_id.data
        return in_force_on(self.plan_date.data) if self.plan_date.data else None

    def validate(self, extra_validators=None):
        """Field checks, then what depends on the pack: its sections, 7a and the period."""
        ok = super().validate(extra_validators)
        pack = self.resolved_pack()
        if not self.services.data:
            self.services.errors = list(self.services.errors) + [
                _("Vui lòng chọn ít nhất một dịch vụ trong danh mục.")]
            ok = False
        if pack is None:
            return False
        for text in SECTION_TEXTS:
            field = self[text.key]
            if text.required and pack in text.packs and not field.data:
                field.errors = list(field.errors) + [
                    _("Vui lòng nhập mục “%(section)s”.", section=text.label)]
                ok = False
        if pack in FROM_ND73 and not self.security_level_proposal.data:
            self.security_level_proposal.errors = list(self.security_level_proposal.errors) + [
                _("Vui lòng chọn cấp độ an toàn hệ thống thông tin đề xuất (từ 1 đến 5).")]
            ok = False
        try:
            parse_service_levels(self.service_levels.data)
        except ValueError as error:
            self.service_levels.errors = list(self.service_levels.errors) + [str(error)]
            ok = False
        problem = period_problem(pack, self.period_start.data, self.period_end.data,
                                 self.short_period_allowed.data)
        if problem:
            self.period_end.errors = list(self.period_end.errors) + [problem]
            ok = False
        return ok

    def plan_data(self, services_by_id: dict) -> dict:
        """What plans.services.create_plan and update_plan take."""
        data = {k: self[k].data for k in (
            "title", "plan_date", "number", "place", "signer_title", "signer_name",
            "period_start", "period_end", "short_period_allowed", "preparation_months",
            "security_level_proposal")}
        data["pack_id"] = self.resolved_pack()
        data["recipients"] = lines_of(self.recipients.data)
        data["extra_bases"] = lines_of(self.extra_bases.data)
        data["sections"] = {t.key: self[t.key].data for t in SECTION_TEXTS}
        data["service_levels"] = parse_service_levels(self.service_levels.data)
        data["services"] = [services_by_id[i] for i in self.services.data]
        return data


for _text in SECTION_TEXTS:
    setattr(PlanForm, _text.key, TextAreaField(_text.label,
                                               validators=[Length(max=20000)]))


def plan_form_data(plan: LeasePlan) -> dict:
    """A plan's values as the plan form shows them."""
    data = {k: getattr(plan, k) for k in (
        "title", "plan_date", "pack_id", "number", "place", "signer_title", "signer_name",
        "period_start", "period_end", "short_period_allowed", "preparation_months",
        "security_level_proposal")}
    data["services"] = [s.id for s in plan.services]
    data["recipients"] = "\n".join(plan.recipients or [])
    data["extra_bases"] = "\n".join(plan.extra_bases or [])
    data["service_levels"] = format_service_levels(plan.service_levels or [])
    data.update({t.key: (plan.sections or {}).get(t.key, "") for t in SECTION_TEXTS})
    return data


class CostLineForm(Form):
    class Meta:
        csrf = False  # nested in a form that carries the token

    part = SelectField(_l("Phần chi phí"), default="", choices=[
        SelectChoice("", _l("— Chọn —"))] + [SelectChoice(k, v) for k, v in COST_PARTS.items()])
    content = StringField(_l("Nội dung"), validators=[Length(max=255)])
    unit = StringField(_l("Đơn vị tính"), validators=[Length(max=60)])
    quantity = IntegerField(_l("Số lượng"), invalid_value_message=WHOLE, validators=[Optional()])
    months = IntegerField(_l("Số tháng"), invalid_value_message=WHOLE, validators=[Optional()])
    unit_price = MoneyField(_l("Đơn giá (đồng)"))
    vat_rate = SelectField(_l("Thuế GTGT"), default="", choices=[
        SelectChoice("", _l("— Chọn —"))] + [SelectChoice(k, v) for k, v in VAT_LABELS.items()])
    budget_year = IntegerField(_l("Năm ngân sách"), invalid_value_message=WHOLE,
                               validators=[Optional()])
    origin = HiddenField()  # "calculator" for lines the calculator added
    remove = BooleanField(_l("Xóa"))

    def is_blank(self) -> bool:
        """An untouched spare row: nothing typed or chosen."""
        typed = [self.content.data, self.unit.data, self.part.data, self.vat_rate.data]
        raw = [f.raw_data[0] for f in (self.quantity, self.months, self.unit_price,
                                       self.budget_year) if f.raw_data]
        return not any(typed) and not any(value.strip() for value in raw)

    def validate(self, extra_validators=None):
        """Spare and removed rows pass; a row with anything in it must be complete."""
        if self.remove.data or self.is_blank():
            return True
        ok = super().validate(extra_validators)
        (low_q, high_q), (low_m, high_m) = LINE_LIMITS["quantity"], LINE_LIMITS["months"]
        for field, low, high, message in (
                (self.quantity, low_q, high_q,
                 _("Số lượng phải là số nguyên từ %(low)s đến %(high)s.",
                   low=low_q, high=format_vnd(high_q))),
                (self.months, low_m, high_m,
                 _("Số tháng phải là số nguyên từ %(low)s đến %(high)s.", low=low_m, high=high_m)),
                (self.unit_price, 0, MAX_AMOUNT,
                 _("Vui lòng nhập đơn giá (số nguyên đồng, từ 0 trở lên).")),
                (self.budget_year, 2015, 2100, _("Năm ngân sách phải từ 2015 đến 2100."))):
            if not field.errors and (field.data is None or not low <= field.data <= high):
                field.errors = [message]
                ok = False
        for field, message in ((self.part, _("Vui lòng chọn phần chi phí.")),
                               (self.content, _("Vui lòng nhập nội dung chi phí.")),
                               (self.unit, _("Vui lòng nhập đơn vị tính.")),
                               (self.vat_rate, _("Vui lòng chọn thuế suất GTGT."))):
            if not field.errors and not field.data:
                field.errors = [message]
                ok = False
        return ok and line_amount_fits(self)

    def line(self) -> dict:
        """The row as plans.estimate.save_estimate takes it."""
        return {"part": self.part.data, "content": self.content.data, "unit": self.unit.data,
                "quantity": self.quantity.data, "months": self.months.data,
                "unit_price": self.unit_price.data, "vat_rate": self.vat_rate.data,
                "budget_year": self.budget_year.data,
                "from_calculator": self.origin.data == "calculator"}


class CostsForm(Form):
    lines = FieldList(FormField(CostLineForm), min_entries=1)
    estimate_method = SelectField(_l("Phương pháp xác định chi phí"), default="")
    method_note = TextAreaField(_l("Diễn giải phương pháp (không bắt buộc)"),
                                validators=[Length(max=5000)])

    def validate_lines(self, field):
        kept = (e.form for e in field.entries if not e.form.remove.data)
        if not any(field.errors) and (problem := total_error(kept)):
            raise ValidationError(problem)

    def __init__(self, *args, pack_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimate_method.choices = [SelectChoice("", _("— Chưa chọn —"))] + [
            SelectChoice(k, v) for k, v in methods_for(pack_id).items()]

    def line_data(self) -> list[dict]:
        """The rows to keep: neither blank nor ticked for removal."""
        return [entry.form.line() for entry in self.lines.entries
                if not (entry.form.remove.data or entry.form.is_blank())]

    def row_errors(self) -> list[str]:
        """"Dòng 2 – Số lượng: …" for every refused row, to list above the table, after what
        is wrong with the rows together (their total)."""
        messages = [error for error in self.lines.errors if isinstance(error, str)]
        for number, entry in enumerate(self.lines.entries, start=1):
            for field in entry.form:
                for error in field.errors:
                    messages.append(_("Dòng %(number)s – %(field)s: %(error)s",
                                      number=number, field=field.label.text, error=error))
        return messages


def cost_form_rows(plan: LeasePlan, spare: int = 3) -> list[dict]:
    """The plan's lines as form rows, then `spare` blank rows."""
    rows = [{"part": line.part, "content": line.content, "unit": line.unit,
             "quantity": line.quantity, "months": line.months, "unit_price": line.unit_price,
             "vat_rate": line.vat_rate, "budget_year": line.budget_year,
             "origin": "calculator" if line.from_calculator else ""} for line in plan.lines]
    return rows + [{}] * spare


class CalculatorForm(Form):
    build_cost = MoneyField(_l("Chi phí xây dựng dịch vụ trước thuế (Td, đồng)"),
                            validators=[InputRequired(_l("Vui lòng nhập chi phí Td."))])
    residual = MoneyField(_l("Giá trị còn lại của tài sản khi hết thời gian thuê (S, đồng)"),
                          default=0,
                          validators=[InputRequired(_l("Vui lòng nhập S (có thể là 0)."))])
    annual_rate = PercentField(_l("Lãi suất tiền gửi bình quân năm (N, %)"),
                               validators=[InputRequired(_l("Vui lòng nhập lãi suất N."))])
    periods_per_year = SelectField(_l("Số kỳ thanh toán trong năm (k)"), coerce=int, default=4,
                                   choices=[SelectChoice(k, PERIOD_LABELS[k])
                                            for k in PERIODS_PER_YEAR])
    periods = IntegerField(_l("Tổng số kỳ thanh toán (n)"), invalid_value_message=WHOLE,
                           validators=[InputRequired(_l("Vui lòng nhập số kỳ thanh toán.")),
                                       NumberRange(1, 600, _l("Số kỳ thanh toán từ 1 đến 600."))])
    vat_rate = SelectField(_l("Thuế suất GTGT"), default="10",
                           choices=[SelectChoice(k, v) for k, v in VAT_LABELS.items()])
    timing = RadioField(_l("Thời điểm thanh toán"), default="end", choices=[
        SelectChoice("end", _l("Cuối mỗi kỳ")), SelectChoice("start", _l("Đầu mỗi kỳ"))],
        validators=[InputRequired(_l("Vui lòng chọn thời điểm thanh toán."))])

    def validate_build_cost(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_("Chi phí xây dựng dịch vụ (Td) phải lớn hơn 0."))

    def validate_residual(self, field):
        if field.data is not None and self.build_cost.data and field.data >= self.build_cost.data:
            raise ValidationError(
                _("Giá trị còn lại (S) phải nhỏ hơn chi phí xây dựng dịch vụ (Td)."))

    def inputs(self) -> dict:
        """The calculator inputs as plans.working.compute_working takes them."""
        return {"build_cost": self.build_cost.data, "residual": self.residual.data,
                "annual_rate": self.annual_rate.data,
                "periods_per_year": self.periods_per_year.data, "periods": self.periods.data,
                "vat_rate": self.vat_rate.data, "in_advance": self.timing.data == "start"}


def calculator_form_data(saved: dict | None) -> dict | None:
    """A saved calculator as the form shows it."""
    if not saved:
        return None
    return {"build_cost": saved["build_cost"], "residual": saved["residual"],
            "annual_rate": Decimal(saved["annual_rate"]),
            "periods_per_year": saved["periods_per_year"], "periods": saved["periods"],
            "vat_rate": saved["vat_rate"], "timing": "start" if saved["in_advance"] else "end"}


class ApproveForm(Form):
    approval_number = StringField(_l("Số quyết định phê duyệt"), validators=[
        DataRequired(_l("Vui lòng nhập số quyết định phê duyệt.")), Length(max=60)])
    approved_on = DayField(_l("Ngày phê duyệt"), validators=[
        InputRequired(_l("Vui lòng nhập ngày phê duyệt."))])


APPRAISAL_DECISIONS = [
    SelectChoice("appraise", _l("Thẩm định: ghi nhận ý kiến thẩm định (kế hoạch chuyển lãnh "
                                "đạo phê duyệt)")),
    SelectChoice("supplement", _l("Yêu cầu bổ sung hồ sơ (cơ quan bổ sung rồi gửi lại)")),
    SelectChoice("appraisal_return", _l("Trả lại kế hoạch kèm ý kiến thẩm định (về bản nháp)")),
]


class AppraisalForm(Form):
    decision = RadioField(_l("Kết quả thẩm định"), choices=APPRAISAL_DECISIONS,
                          validators=[InputRequired(_l("Vui lòng chọn kết quả thẩm định."))])
    opinion = TextAreaField(_l("Ý kiến thẩm định, hoặc danh mục hồ sơ cần bổ sung"), validators=[
        DataRequired(_l("Vui lòng ghi ý kiến thẩm định hoặc các hồ sơ cần bổ sung.")),
        Length(max=5000)])


class ReasonForm(Form):
    reason = TextAreaField(_l("Lý do (bắt buộc khi trả lại hoặc không phê duyệt)"), validators=[
        DataRequired(_l("Vui lòng ghi lý do trả lại hoặc không phê duyệt.")), Length(max=5000)])
