"""The legal drafter's template upload form."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from catalog.legal_bases import legal_bases
from core import clock
from core.forms import DayField, Form
from documents.models import DOCUMENT_KINDS


class TemplateUploadForm(Form):
    pack_id = SelectField(_l("Căn cứ pháp lý (bộ mẫu)"))
    kind = SelectField(_l("Loại văn bản"),
                       choices=[SelectChoice(k, v) for k, v in DOCUMENT_KINDS.items()])
    effective_from = DayField(_l("Áp dụng từ ngày"),
                              validators=[InputRequired(_l("Vui lòng nhập ngày áp dụng."))])
    notes = TextAreaField(_l("Ghi chú thay đổi"),
                          validators=[Length(max=2000)])
    file = FileField(_l("Tệp mẫu Word (.docx)"),
                     validators=[FileRequired(_l("Vui lòng chọn tệp .docx."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_id.choices = [SelectChoice(k, v["short_name"]) for k, v in legal_bases().items()]
        if self.effective_from.data is None and not self.is_submitted():
            self.effective_from.data = clock.today()

    def validate_effective_from(self, field):
        if field.data and field.data < clock.today():
            raise ValidationError(_l("Phiên bản mới chỉ áp dụng từ hôm nay trở đi, không áp "
                                     "dụng cho ngày đã qua."))


class RetireForm(Form):
    """Retiring a template version: the drafter confirms by ticking the box."""

    confirm = BooleanField(_l("Tôi xác nhận ngừng áp dụng phiên bản này cho văn bản mới"),
                           validators=[InputRequired(_l("Vui lòng đánh dấu xác nhận."))])


class InstrumentForm(Form):
    """A legal drafter's correction of one instrument of the registry."""

    kind = StringField(_l("Loại văn bản"), validators=[InputRequired(_l("Vui lòng nhập loại.")),
                                                       Length(max=40)])
    number = StringField(_l("Số, ký hiệu"), validators=[InputRequired(_l("Vui lòng nhập số.")),
                                                        Length(max=60)])
    issuer = StringField(_l("Cơ quan, người ban hành (khi ký)"),
                         validators=[InputRequired(_l("Vui lòng nhập cơ quan ban hành.")),
                                     Length(max=255)])
    title = TextAreaField(_l("Trích yếu"), validators=[
        InputRequired(_l("Vui lòng nhập trích yếu.")), Length(max=2000)])
    signed_on = DayField(_l("Ngày ký ban hành"), validators=[Optional()])
    effective_from = DayField(_l("Ngày có hiệu lực"),
                              validators=[InputRequired(_l("Vui lòng nhập ngày có hiệu lực."))])
    replaced_by_id = SelectField(_l("Bị thay thế bởi"), default="")
    replaced_from = DayField(_l("Từ ngày (văn bản thay thế có hiệu lực)"),
                             validators=[Optional()])
    to_confirm = BooleanField(_l("Cần pháp chế đối chiếu với văn bản chính thức"))

    def set_choices(self, instruments) -> None:
        self.replaced_by_id.choices = [SelectChoice("", _l("— Không —"))] + [
            SelectChoice(i.id, f"{i.kind} {i.number}") for i in instruments]

    def values(self) -> dict:
        data = {name: getattr(self, name).data for name in (
            "kind", "number", "issuer", "title", "signed_on", "effective_from",
            "replaced_by_id", "replaced_from", "to_confirm")}
        data["replaced_by_id"] = data["replaced_by_id"] or None
        data["title"] = " ".join(data["title"].split())
        return data
