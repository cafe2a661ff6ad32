"""The base form every form inherits, the one money field, and small field helpers.

`Form` answers in Vietnamese (WTForms' own messages included) and strips every text field once,
when the field is bound, the way indico's IndicoForm does: no field needs `filters=[strip]`.
On the GET of a page whose form was posted after its session ended, it shows what was typed
(KEPT_FORM, written by accounts.sessions); so it does when a form's token expired and the page
is shown again at once (core.form_recovery: `show_typed`), and then no form counts as submitted.
"""
from flask import flash, has_request_context, request, session
from flask_babel import LazyString, gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.form import _Auto  # FlaskForm's "no formdata given": read the request
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import (DateField, Field, FieldList, FormField, IntegerField, PasswordField,
                     SelectMultipleField, StringField, widgets)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from core.form_messages import TRANSLATIONS
from core.money import BEYOND_WORDS, MAX_AMOUNT, format_vnd, parse_vnd
from core.vat import line_amounts

REQUIRED = _l("Vui lòng nhập trường này.")
WHOLE = _l("Vui lòng nhập một số nguyên.")
# Fields that take no filters (FieldList, FormField), hold a file, or must keep what was typed
# to the last character (a password may begin or end with a space).
_UNFILTERED = (FieldList, FormField, FileField, PasswordField)
# The session key of a form kept after its session ended: {"path", "fields": [[name, value],
# …], "announce": whether to say so when it is shown}.
KEPT_FORM = "_kept_form"
KEPT_SHOWN = _l("Phiên làm việc đã hết hạn; nội dung bạn đã nhập được giữ lại. Vui lòng kiểm "
                "tra rồi gửi lại.")
_KEPT_ENVIRON = "thue.kept_form"
_TYPED_NOTE = "thue.kept_form.note"  # said by the first form that shows the data again
_SHOWING_TYPED = "thue.kept_form.again"  # this request shows a refused POST's data again


def strip_text(value):
    """Trim a text value; anything else (numbers, dates, files) passes unchanged."""
    return value.strip() if isinstance(value, str) else value


def text_or_empty(value):
    """A text field's value trimmed, and "" rather than None when nothing was sent."""
    return "" if value is None else strip_text(value)


def kept_formdata() -> ImmutableMultiDict | None:
    """On a GET, the fields kept for this path when its form was posted after the session
    ended, or None; taken from the session once, then shared by every form of the request."""
    if not has_request_context() or request.method != "GET":
        return None
    if _KEPT_ENVIRON not in request.environ:
        kept, data = session.get(KEPT_FORM), None
        if isinstance(kept, dict) and kept.get("path") == request.path:
            session.pop(KEPT_FORM)
            data = ImmutableMultiDict([(str(k), str(v)) for k, v in kept.get("fields", [])])
            if kept.get("announce"):
                flash(str(KEPT_SHOWN), "warning")
        request.environ[_KEPT_ENVIRON] = data
    if note := request.environ.pop(_TYPED_NOTE, None):
        flash(note, "warning")
    return request.environ[_KEPT_ENVIRON]


def show_typed(formdata: ImmutableMultiDict, note: str) -> None:
    """For the rest of this request, a GET, every form reads `formdata` (what a refused POST
    carried), none counts as submitted, and the first one to read it flashes `note`."""
    request.environ[_KEPT_ENVIRON] = formdata
    request.environ[_TYPED_NOTE] = note
    request.environ[_SHOWING_TYPED] = True


def typed_shown() -> bool:
    """Whether a form of this request showed the data `show_typed` gave it."""
    return _TYPED_NOTE not in request.environ


def showing_typed() -> bool:
    """Whether this request shows again what a refused POST carried (core.form_recovery)."""
    return has_request_context() and bool(request.environ.get(_SHOWING_TYPED))


class Form(FlaskForm):
    """Base of every form in the project."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if not issubclass(field_class, _UNFILTERED):
                first = text_or_empty if issubclass(field_class, StringField) else strip_text
                filters = [first, *unbound_field.kwargs.get("filters", ())]
                options = {**options, "filters": filters}
            return unbound_field.bind(form=form, **options)

        def wrap_formdata(self, form, formdata):
            if formdata is _Auto and (kept := kept_formdata()) is not None:
                return kept
            return super().wrap_formdata(form, formdata)

        def get_translations(self, form):
            return TRANSLATIONS

    def is_submitted(self) -> bool:
        # A POST shown again after its token expired is never acted on, whatever the view asks.
        return not showing_typed() and super().is_submitted()


class MoneyField(Field):
    """Whole đồng typed as 1250000, 1.250.000 or 1 250 000 (an optional "đ"); shown back as
    typed, or grouped with dots. Empty is None: add InputRequired where an amount is needed."""

    widget = widgets.TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_vnd(self.data) if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = None
            self.data = parse_vnd(valuelist[0])  # a ValueError becomes the field's error


class DayField(DateField):
    """A date typed as 2026-12-31 (the browser's date picker) or 31/12/2026, in the years
    FIRST_YEAR to LAST_YEAR: every date field of the application is one (tests/core/
    test_forms.py checks), so no date outside them reaches a service or a page (a plan ending
    31/12/9999 made a page fail)."""

    FIRST_YEAR, LAST_YEAR = 2000, 2100
    INVALID = _l("Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 31/12/2026.")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not " ".join(valuelist).strip():
            self.data = None  # empty: the field's validators say whether that is allowed
            return
        try:
            super().process_formdata([" ".join(valuelist).strip()])
        except ValueError:
            raise ValueError(str(self.INVALID)) from None
        if not self.FIRST_YEAR <= self.data.year <= self.LAST_YEAR:
            self.data = None
            raise ValueError(_("Năm phải từ %(first)s đến %(last)s.", first=self.FIRST_YEAR,
                               last=self.LAST_YEAR))


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def whole_number(label, low: int, high: int, message, default: int | None = None) -> IntegerField:
    """A required whole-number field within [low, high], with Vietnamese messages."""
    return IntegerField(label, default=default, invalid_value_message=WHOLE, validators=[
        InputRequired(REQUIRED), NumberRange(low, high, message)])


def choices(placeholder, items) -> list[SelectChoice]:
    """A "choose…" option (empty, so a required check speaks) then (value, label) pairs."""
    return [SelectChoice("", placeholder)] + [SelectChoice(v, label) for v, label in items]


def error_list(form) -> list[str]:
    """Every error of a form as one flat list of Vietnamese messages (nested rows included)."""
    found = []
    for field in form:
        for error in field.errors:
            if isinstance(error, dict):
                found += [str(e) for errors in error.values() for e in errors]
            elif isinstance(error, (list, tuple)):
                found += [str(e) for e in error if isinstance(e, (str, LazyString))]
            else:
                found.append(str(error))
    return found


# --- priced lines (the wizard's, an amendment's, a plan estimate's rows) -----------------

# Bounds of a priced line: the columns' sizes (quantity is a 32-bit integer), the longest lease
# (240 months) and amounts that can still be read in words (MAX_AMOUNT, domain.md §9).
LINE_LIMITS = {"quantity": (1, 1_000_000_000), "months": (1, 240), "unit_price": (0, MAX_AMOUNT)}


def line_amount_fits(line_form) -> bool:
    """Whether quantity × months × unit price of a complete row can be read in words; if not,
    the unit price says why (the wizard's, amendments' and plan estimate's rows)."""
    form = line_form
    if form.quantity.data * form.months.data * form.unit_price.data <= MAX_AMOUNT:
        return True
    form.unit_price.errors = [_("Thành tiền của dòng (số lượng × số tháng × đơn giá) %(beyond)s",
                                beyond=BEYOND_WORDS)]
    return False


def total_error(line_forms) -> str | None:
    """Why the lines' total (VAT included) cannot go in a contract, if it cannot."""
    total = sum(line_amounts(form.data)["total"] for form in line_forms if not form.is_blank())
    if total > MAX_AMOUNT:
        return _("Tổng giá trị (kể cả thuế GTGT) %(total)s đồng %(beyond)s",
                 total=format_vnd(total), beyond=BEYOND_WORDS)
    return None
