"""Account forms; every message and label goes through Flask-Babel."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                Regexp, ValidationError)

from accounts.models import PROFILE_FIELDS, ROLE_LABELS
from accounts.rules import password_problem
from accounts.tax_code import normalize_tax_code, tax_code_error
from core.forms import REQUIRED, DayField, Form, choices

EMAIL = _l("Địa chỉ thư điện tử không hợp lệ.")
# A telephone number as organisations write it; vendors' profiles check theirs with it too.
PHONE = Regexp(r"^\+?[0-9][0-9 .()-]{7,18}$", message=_l(
    "Số điện thoại gồm 8 đến 19 chữ số, có thể có dấu +, khoảng trắng, dấu chấm."))
# Mã đơn vị có quan hệ với ngân sách: seven digits; the contract wizard's Bên A checks it too.
BUDGET_CODE = Regexp(r"^[0-9]{7}$", message=_l("Mã đơn vị có quan hệ với ngân sách gồm 7 chữ số."))


class LoginForm(Form):
    email = EmailField(
        _l("Thư điện tử"),
        validators=[DataRequired(REQUIRED), Email(_l("Địa chỉ thư điện tử không hợp lệ."))],
    )
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED)])


class ForgotPasswordForm(Form):
    """The address to send a reset link to (the answer is the same for any address)."""

    email = EmailField(_l("Thư điện tử đăng nhập"), validators=[
        DataRequired(REQUIRED), Email(EMAIL), Length(max=255, message=_l("Tối đa 255 ký tự."))])


class ResetPasswordForm(Form):
    """A new password, set from a reset link: the same rules as changing it."""

    new = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(REQUIRED), EqualTo("new", message=_l("Hai mật khẩu mới không khớp nhau."))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user

    def validate_new(self, field):
        if problem := password_problem(field.data, self._user.email, self._user.name):
            raise ValidationError(problem)


class ChangePasswordForm(ResetPasswordForm):
    """A new password in place of the current one: the same rules as a reset."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(REQUIRED)])


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
        self.object_type.choices = [SelectChoice("", _l("Tất cả"))] + [
            SelectChoice(v, v) for v in object_types]
        self.action.choices = [SelectChoice("", _l("Tất cả"))] + [
            SelectChoice(v, v) for v in actions]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))


class UserFilterForm(Form):
    """The administrators' search of users (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    text = StringField(_l("Thư điện tử hoặc họ tên"), validators=[Optional(), Length(max=255)])
    role = SelectField(_l("Vai trò"), default="", choices=[SelectChoice("", _l("Tất cả"))] + [
        SelectChoice(value, label) for value, label in ROLE_LABELS.items()])


class LockUserForm(Form):
    """An administrator's lock: confirmed by ticking the box."""

    confirm = BooleanField(
        _l("Tôi xác nhận khóa tài khoản này: người dùng không đăng nhập được nữa và mọi phiên "
           "đăng nhập của họ kết thúc ngay"),
        validators=[InputRequired(_l("Vui lòng đánh dấu xác nhận."))])


class UnlockUserForm(Form):
    """Lifting a lock: the form carries only its CSRF token."""


def _no_spaces(value):
    return "".join(value.split()) if value else value


class OrganisationProfileForm(Form):
    """An agency's profile: what "Bên A" of its contracts reads (accounts.profile)."""

    name = StringField(_l("Tên cơ quan, đơn vị (đầy đủ)"), validators=[
        DataRequired(REQUIRED), Length(max=255, message=_l("Tối đa 255 ký tự."))])
    short_name = StringField(
        _l("Ký hiệu viết tắt dùng trong số văn bản (ví dụ SKHCN, STTTT, VP)"),
        filters=[lambda v: v.upper() if v else v], validators=[
            Optional(), Length(max=20, message=_l("Tối đa 20 ký tự.")),
            Regexp(r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$", message=_l(
                "Ký hiệu gồm chữ cái không dấu, chữ Đ và chữ số, có thể nối bằng dấu gạch "
                "ngang (ví dụ SKHCN hoặc SKHCN-TN)."))])
    parent_body = StringField(_l("Cơ quan chủ quản"), validators=[
        Length(max=255, message=_l("Tối đa 255 ký tự."))])
    province = SelectField(_l("Tỉnh, thành phố"), default="")
    address = StringField(_l("Địa chỉ"), validators=[
        Length(max=255, message=_l("Tối đa 255 ký tự."))])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), PHONE])
    email = EmailField(_l("Thư điện tử"), validators=[
        Optional(), Email(EMAIL), Length(max=255, message=_l("Tối đa 255 ký tự."))])
    tax_code = StringField(_l("Mã số thuế"), filters=[lambda v: normalize_tax_code(v) if v else v])
    budget_code = StringField(_l("Mã đơn vị có quan hệ với ngân sách"), filters=[_no_spaces],
                              validators=[Optional(), BUDGET_CODE])
    treasury_account = StringField(
        _l("Số tài khoản tại Kho bạc Nhà nước"), filters=[_no_spaces],
        validators=[Optional(), Regexp(r"^[0-9][0-9.-]{4,38}[0-9]$", message=_l(
            "Số tài khoản gồm chữ số, có thể ngăn bằng dấu chấm (ví dụ 9523.2.1023456)."))])
    treasury_branch = StringField(_l("Kho bạc Nhà nước nơi mở tài khoản"), validators=[
        Length(max=255, message=_l("Tối đa 255 ký tự."))])
    representative = StringField(_l("Người đại diện"), validators=[
        Length(max=120, message=_l("Tối đa 120 ký tự."))])
    representative_position = StringField(_l("Chức vụ của người đại diện"), validators=[
        Length(max=120, message=_l("Tối đa 120 ký tự."))])

    def __init__(self, provinces, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._provinces = {p.code: p for p in provinces}
        self.province.choices = choices(_l("— Chọn tỉnh, thành phố —"),
                                        [(p.code, p.name) for p in provinces])

    def validate_tax_code(self, field):
        if field.data and (problem := tax_code_error(field.data)):
            raise ValidationError(problem)

    def validate_treasury_branch(self, field):
        if self.treasury_account.data and not field.data:
            raise ValidationError(_l("Vui lòng nhập Kho bạc Nhà nước nơi mở tài khoản."))

    @staticmethod
    def initial_data(org) -> dict:
        """Form values for editing an organisation's profile (the province by its code)."""
        data = {field: getattr(org, field) for field in PROFILE_FIELDS if field != "province"}
        data["province"] = org.province.code if org.province else ""
        return data

    def profile_data(self) -> dict:
        """The validated form as profile fields (the province as a Province, or None)."""
        data = {field: self[field].data or None for field in PROFILE_FIELDS}
        data["province"] = self._provinces.get(self.province.data)
        return data
