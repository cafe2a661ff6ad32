"""Account forms; every message is Vietnamese."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from core.forms import REQUIRED, Form


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
