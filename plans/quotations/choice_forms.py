"""The form of the comparison page: per line of the request, how its unit price is chosen
(plans.quotations.choices.choose takes what choice_data returns)."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, HiddenField, RadioField, SelectField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from core.forms import Form
from core.vat import VAT_LABELS
from plans.quotations.models import (CHOICE_METHODS, NEEDS_REASON, QUOTE_METHODS,
                                     REFERENCE_METHODS)

MAX_REASON = 2000


@dataclass
class LineOptions:
    """What one line offers to choose from: the vendors of its valid quotes, the reference
    figures (plans.price_sources.reference_key, label), its service's usual VAT rate, and
    whether it has fewer valid quotes than the minimum (then a reason is required)."""

    request_line_id: int
    name: str
    vendors: list[tuple[int, str]] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    usual_vat_rate: str = "10"
    short: bool = False


class LineChoiceForm(Form):
    class Meta:
        csrf = False  # nested in a form that carries the token

    request_line_id = HiddenField()
    method = RadioField(_l("Cách xác định đơn giá"), default="", validate_choice=False,
                        choices=[SelectChoice("", _l("Chưa chọn (giữ nguyên)"))] + [
                            SelectChoice(k, v) for k, v in CHOICE_METHODS.items()])
    vendor_id = SelectField(_l("Nhà cung cấp được chọn"), default="", validate_choice=False)
    reference = SelectField(_l("Giá tham khảo được chọn"), default="", validate_choice=False)
    vat_rate = SelectField(_l("Thuế suất GTGT áp dụng cho giá trung bình"), default="10",
                           choices=[SelectChoice(k, v) for k, v in VAT_LABELS.items()])
    vat_confirmed = BooleanField(_l("Tôi xác nhận thuế suất GTGT đã chọn áp dụng cho giá "
                                    "trung bình của dòng này"))
    reason = TextAreaField(_l("Lý do lựa chọn"), validators=[
        Length(max=MAX_REASON, message=_l("Lý do dài quá 2000 ký tự."))])

    options: LineOptions | None = None

    def offer(self, options: LineOptions) -> None:
        """Set the line's own lists (vendors, reference figures)."""
        self.options = options
        self.vendor_id.choices = [SelectChoice("", _("— Chọn nhà cung cấp —"))] + [
            SelectChoice(str(vendor_id), name) for vendor_id, name in options.vendors]
        self.reference.choices = [SelectChoice("", _("— Chọn giá tham khảo —"))] + [
            SelectChoice(value, label) for value, label in options.references]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        method, options = self.method.data or "", self.options
        if not method:
            return ok
        if method not in CHOICE_METHODS:
            self.method.errors = [_("Cách xác định đơn giá không hợp lệ.")]
            return False
        checks = []
        if method == "vendor":
            vendors = {str(v) for v, _ in options.vendors} if options else set()
            checks.append((self.vendor_id, self.vendor_id.data in vendors,
                           _("Vui lòng chọn một nhà cung cấp có báo giá hợp lệ.")))
        if method in REFERENCE_METHODS:
            values = {v for v, _ in options.references} if options else set()
            checks.append((self.reference, self.reference.data in values
                           and self.reference.data.startswith(f"{method}:"),
                           _("Vui lòng chọn một mục trong “%(method)s”.",
                             method=CHOICE_METHODS[method])))
        if method == "average":
            checks.append((self.vat_confirmed, self.vat_confirmed.data,
                           _("Vui lòng đánh dấu ô xác nhận thuế suất GTGT của giá trung "
                             "bình.")))
        short = options is not None and options.short and method in QUOTE_METHODS
        if method in NEEDS_REASON or short:
            message = (_("Vui lòng ghi lý do: dòng này chưa đủ số báo giá hợp lệ tối thiểu.")
                       if short and method not in NEEDS_REASON
                       else _("Vui lòng ghi lý do lựa chọn."))
            checks.append((self.reason, bool((self.reason.data or "").strip()), message))
        for target, passed, message in checks:
            if not passed:
                target.errors = [*target.errors, message]
                ok = False
        return ok

    def choice(self) -> dict:
        return {"request_line_id": int(self.request_line_id.data or 0),
                "method": self.method.data, "vendor_id": self.vendor_id.data or None,
                "reference": self.reference.data, "vat_rate": self.vat_rate.data,
                "vat_confirmed": bool(self.vat_confirmed.data), "reason": self.reason.data or ""}


class ChoiceForm(Form):
    lines = FieldList(FormField(LineChoiceForm))

    def __init__(self, *args, options: list[LineOptions], **kwargs):
        super().__init__(*args, **kwargs)
        by_id = {str(o.request_line_id): o for o in options}
        for entry in self.lines.entries:
            found = by_id.get(str(entry.form.request_line_id.data or ""))
            if found is not None:
                entry.form.offer(found)

    def choice_data(self) -> list[dict]:
        """The lines given a method (the others keep what they had)."""
        return [entry.form.choice() for entry in self.lines.entries if entry.form.method.data]

    def entry_for(self, request_line_id: int):
        """The line's subform, for the page to put it next to its comparison."""
        return next((entry.form for entry in self.lines.entries
                     if str(entry.form.request_line_id.data) == str(request_line_id)), None)


def initial_rows(options: list[LineOptions], chosen: dict) -> dict:
    """The form's data on the page's first showing: each line's current choice, if any."""
    rows = []
    for o in options:
        choice = chosen.get(o.request_line_id)
        rows.append({"request_line_id": o.request_line_id, "method": "",
                     "vat_rate": choice.vat_rate if choice and choice.method == "average"
                     else o.usual_vat_rate,
                     "vendor_id": str(choice.vendor_id) if choice and choice.vendor_id else "",
                     "reason": choice.reason if choice else ""})
    return {"lines": rows}
