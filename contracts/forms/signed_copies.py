"""The upload of a signed copy (PDF): checked by content and size in the service."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from core.forms import Form


class SignedCopyForm(Form):
    file = FileField(_l("Bản PDF đã ký (bản quét hoặc có chữ ký số)"),
                     validators=[FileRequired(_l("Vui lòng chọn tệp PDF."))])
