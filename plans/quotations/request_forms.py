"""The agency's forms of a request for quotations: the request (new or amended), its extension
and its cancellation. Times are typed in Vietnam time and kept as naive UTC."""
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, FieldList, FormField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from catalog.forms import format_service_levels, parse_service_levels
from core import clock
from core.forms import LINE_LIMITS, WHOLE, DayField, Form, MultiCheckboxField

SPARE_ROWS = 2
MIN_ROWS = 3
INVITE_MODES = [
    SelectChoice("all", _l("Mời tất cả nhà cung cấp đã xác minh có gói dịch vụ đã công bố cho "
                           "các dịch vụ này (danh sách được cập nhật khi sửa đổi yêu cầu)")),
    SelectChoice("chosen", _l("Chỉ mời các nhà cung cấp được chọn bên dưới")),
]
DEFAULT_TIME = time(17, 0)


def _optional_int(value):
    """Coerce a select's value to int, with "" meaning none chosen."""
    return int(value) if value not in (None, "", "None") else None


def to_utc(day, at) -> datetime | None:
    """A day and a time typed in Vietnam as the stored naive UTC timestamp."""
    if day is None or at is None:
        return None
    return clock.day_start(day) + timedelta(hours=at.hour, minutes=at.minute)


def deadline_fields(label):
    """The pair of fields a deadline is typed in: its day (labelled `label`, lazy) and its
    time, in Vietnam."""
    return (DayField(label, validators=[
                InputRequired(_l("Vui lòng nhập ngày hết hạn nhận báo giá."))]),
            TimeField(_l("Giờ (giờ Việt Nam)"), default=DEFAULT_TIME, validators=[
                InputRequired(_l("Vui lòng nhập giờ hết hạn, ví dụ 17:00."))]))


class RequestLineForm(Form):
    class Meta:
        csrf = False  # nested in a form that carries the token

    service = SelectField(_l("Dịch vụ"), coerce=_optional_int, default=None)
    unit = StringField(_l("Đơn vị tính"), validators=[Length(max=60)])
    quantity = IntegerField(_l("Số lượng"), invalid_value_message=WHOLE,
                            validators=[Optional()])
    months = IntegerField(_l("Số tháng"), invalid_value_message=WHOLE, validators=[Optional()])
    specification = TextAreaField(_l("Yêu cầu kỹ thuật, cấu hình"),
                                  validators=[Length(max=5000)], render_kw={"rows": 2})

    def is_blank(self) -> bool:
        """An untouched spare row: nothing typed or chosen."""
        raw = [f.raw_data[0] for f in (self.quantity, self.months) if f.raw_data]
        return not (self.service.data or self.unit.data or self.specification.data
                    or any(value.strip() for value in raw))

    def validate(self, extra_validators=None):
        """A spare row passes; a row with anything in it names its service and amounts."""
        if self.is_blank():
            return True
        ok = super().validate(extra_validators)
        (low_q, high_q), (low_m, high_m) = LINE_LIMITS["quantity"], LINE_LIMITS["months"]
        for field, low, high, message in (
                (self.quantity, low_q, high_q,
                 _("Số lượng là số nguyên từ %(low)s trở lên.", low=low_q)),
                (self.months, low_m, high_m,
                 _("Số tháng là số nguyên từ %(low)s đến %(high)s.", low=low_m, high=high_m))):
            if not field.errors and (field.data is None or not low <= field.data <= high):
                field.errors = [message]
                ok = False
        if not self.service.errors and not self.service.data:
            self.service.errors = [_("Vui lòng chọn dịch vụ trong danh mục.")]
            ok = False
        return ok

    def line(self) -> dict:
        return {"service_id": self.service.data, "unit": self.unit.data,
                "quantity": self.quantity.data, "months": self.months.data,
                "specification": self.specification.data}


class RequestForm(Form):
    title = StringField(_l("Tên yêu cầu báo giá"), validators=[
        DataRequired(_l("Vui lòng nhập tên yêu cầu báo giá.")), Length(max=255)])
    place = StringField(_l("Địa điểm cung cấp dịch vụ"), validators=[
        DataRequired(_l("Vui lòng nhập địa điểm cung cấp dịch vụ.")), Length(max=255)])
    deadline_day, deadline_time = deadline_fields(_l("Hạn nhận báo giá: ngày"))
    security_level = SelectField(
        _l("Cấp độ an toàn hệ thống thông tin yêu cầu"), coerce=_optional_int, default=None,
        choices=[SelectChoice("", _l("— Không yêu cầu —"))] + [
            SelectChoice(str(n), _l("Cấp độ %(level)s", level=n)) for n in range(1, 6)])
    service_levels = TextAreaField(
        _l("Chỉ tiêu chất lượng dịch vụ yêu cầu (mỗi dòng “Tên chỉ tiêu: mức yêu cầu | cách đo "
           "lường”)"), validators=[Length(max=5000)])
    notes = TextAreaField(_l("Ghi chú cho nhà cung cấp (không bắt buộc)"),
                          validators=[Length(max=5000)])
    invite_mode = RadioField(_l("Nhà cung cấp được mời"), choices=INVITE_MODES, default="all",
                             validators=[InputRequired(_l("Vui lòng chọn cách mời."))])
    vendors = MultiCheckboxField(_l("Nhà cung cấp được chọn"), coerce=int,
                                 validate_choice=False)
    lines = FieldList(FormField(RequestLineForm), min_entries=MIN_ROWS)

    def __init__(self, *args, services=(), vendors=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [SelectChoice("", _("— Chọn dịch vụ —"))] + [
            SelectChoice(s.id, f"{s.code} – {s.name}") for s in services]
        for entry in self.lines:
            entry.form.service.choices = options
        self.vendors.choices = [SelectChoice(v.id, v.legal_name) for v in vendors]

    def validate_service_levels(self, field):
        try:
            parse_service_levels(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_lines(self, field):
        if not any(field.errors) and all(e.form.is_blank() for e in field.entries):
            raise ValidationError(_("Vui lòng nhập ít nhất một dịch vụ cần báo giá."))

    def validate_vendors(self, field):
        if self.invite_mode.data == "chosen" and not field.data:
            raise ValidationError(_("Vui lòng chọn ít nhất một nhà cung cấp, hoặc chọn mời tất "
                                    "cả nhà cung cấp có dịch vụ."))

    def service_ids(self) -> list[int]:
        """The services the rows name (to list the vendors who may be invited)."""
        return [e.form.service.data for e in self.lines.entries if e.form.service.data]

    def row_errors(self) -> list[str]:
        """"Dòng 2 – Số lượng: …" for every refused row, to list above the table."""
        messages = [error for error in self.lines.errors if isinstance(error, str)]
        for number, entry in enumerate(self.lines.entries, start=1):
            for sub in entry.form:
                messages += [_("Dòng %(number)s – %(label)s: %(error)s", number=number,
                               label=sub.label.text, error=e) for e in sub.errors]
        return messages

    def request_data(self) -> dict:
        """What plans.quotations.requests.create_request and amend_request take."""
        return {"title": self.title.data, "place": self.place.data,
                "deadline": to_utc(self.deadline_day.data, self.deadline_time.data),
                "security_level": self.security_level.data,
                "service_levels": parse_service_levels(self.service_levels.data),
                "notes": self.notes.data, "invite_all": self.invite_mode.data == "all",
                "vendor_ids": list(self.vendors.data or []),
                "lines": [e.form.line() for e in self.lines.entries if not e.form.is_blank()]}


def request_form_data(values: dict, deadline: datetime | None = None,
                      vendor_ids=()) -> dict:
    """A request's values (or a new one's defaults) as the form shows them."""
    shown = clock.in_vietnam(deadline) if deadline else None
    lines = [dict(line, service=line["service_id"]) for line in values.get("lines") or []]
    lines += [{}] * max(SPARE_ROWS, MIN_ROWS - len(lines))
    return {"title": values.get("title", ""), "place": values.get("place", ""),
            "deadline_day": shown.date() if shown else None,
            "deadline_time": shown.time().replace(second=0, microsecond=0)
            if shown else DEFAULT_TIME,
            "security_level": values.get("security_level"),
            "service_levels": format_service_levels(values.get("service_levels") or []),
            "notes": values.get("notes", ""),
            "invite_mode": "all" if values.get("invite_all", True) else "chosen",
            "vendors": list(vendor_ids), "lines": lines}


def existing_data(request) -> dict:
    """An existing request as the amendment form shows it."""
    return request_form_data({
        "title": request.title, "place": request.place,
        "security_level": request.security_level, "service_levels": request.service_levels,
        "notes": request.notes, "invite_all": request.invite_all,
        "lines": [{"service_id": line.service_id, "unit": line.unit, "quantity": line.quantity,
                   "months": line.months, "specification": line.specification}
                  for line in request.lines]},
        request.deadline, [i.vendor_id for i in request.invitations])


def default_deadline(days: int = 7) -> dict:
    """The new form's deadline: a week from today at 17:00."""
    return {"deadline_day": clock.today() + timedelta(days=days), "deadline_time": DEFAULT_TIME}


class ExtendForm(Form):
    deadline_day, deadline_time = deadline_fields(_l("Hạn mới: ngày"))

    def new_deadline(self) -> datetime | None:
        return to_utc(self.deadline_day.data, self.deadline_time.data)


class CancelForm(Form):
    reason = TextAreaField(_l("Lý do hủy (gửi đến các nhà cung cấp được mời)"), validators=[
        DataRequired(_l("Vui lòng ghi lý do hủy yêu cầu báo giá.")), Length(max=5000)])
    confirm = BooleanField(_l("Tôi xác nhận hủy yêu cầu báo giá này; việc hủy không hoàn tác "
                              "được."), validators=[
        DataRequired(_l("Vui lòng đánh dấu ô xác nhận để hủy yêu cầu."))])
