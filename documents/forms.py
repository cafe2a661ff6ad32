"""The legal drafter's template upload form."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from catalog.legal_bases import legal_bases
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
