"""Account forms; every message is Vietnamese."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from core.forms import REQUIRED, DayField, Form


class LoginForm(Form):
    email = EmailField(
        _l("Thư điện tử"),
        validators=[DataRequired(REQUIRED), Email(_l("Địa chỉ thư điện tử không hợp lệ."))],
    )
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED)])


class ChangePasswordForm(Form):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED)])
    new = PasswordField(
        _l("Mật khẩu mới"),
        validators=[DataRequired(REQUIRED), Length(min=10, message=_l("Ít nhất 10 ký tự."))],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new", message=_l("Hai mật khẩu mới không khớp nhau.")),
        ],
    )


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET search form: nothing changes

    object_type = SelectField(_l("Loại đối tượng"), default="")
    action = SelectField(_l("Thao tác"), default="")
    email = StringField(_l("Thư điện tử người thực hiện"),
                        validators=[Optional(), Length(max=255)])
    date_from = DayField(_l("Từ ngày"), validators=[Optional()])
    date_to = DayField(_l("Đến ngày"), validators=[Optional()])

    def __init__(self, *args, object_types=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.object_type.choices = [SelectChoice("", "Tất cả")] + [
            SelectChoice(v, v) for v in object_types]
        self.action.choices = [SelectChoice("", "Tất cả")] + [SelectChoice(v, v) for v in actions]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
