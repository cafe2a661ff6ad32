"""Vendor forms; every validator and parse error speaks Vietnamese."""
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, EmailField, IntegerField, PasswordField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import (URL, DataRequired, Email, EqualTo, InputRequired, Length,
                                NumberRange, Optional, Regexp, ValidationError)

from accounts.forms import EMAIL, PHONE
from accounts.rules import password_problem
from accounts.tax_code import normalize_tax_code, tax_code_error
from catalog.forms import format_service_levels, parse_service_levels
from core.forms import REQUIRED, DayField, Form, MoneyField, choices
from core.pdf import pdf_problem
from core.vat import VAT_LABELS
from vendors.models import CERTIFICATION_FIELDS, CERTIFICATION_KINDS, PROFILE_FIELDS
from vendors.rules import price_rule_error


class ProfileForm(Form):
    legal_name = StringField(_l("Tên doanh nghiệp (đầy đủ, theo đăng ký doanh nghiệp)"),
                             validators=[DataRequired(REQUIRED), Length(max=255)])
    short_name = StringField(_l("Tên viết tắt"), validators=[
        Optional(), Length(max=60, message=_l("Tên viết tắt tối đa 60 ký tự."))])
    address = StringField(_l("Địa chỉ trụ sở chính"), validators=[
        DataRequired(REQUIRED), Length(max=255, message=_l("Địa chỉ tối đa 255 ký tự."))])
    province = SelectField(_l("Tỉnh, thành phố"), validators=[
        DataRequired(_l("Vui lòng chọn tỉnh, thành phố."))])
    phone = StringField(_l("Số điện thoại"), validators=[DataRequired(REQUIRED), PHONE])
    email = EmailField(_l("Thư điện tử của doanh nghiệp"), validators=[
        DataRequired(REQUIRED), Email(EMAIL), Length(max=255)])
    website = StringField(_l("Trang thông tin điện tử"), validators=[
        Optional(), URL(message=_l("Địa chỉ trang web không hợp lệ, ví dụ https://congty.vn.")),
        Length(max=255)])
    representative = StringField(_l("Người đại diện theo pháp luật"), validators=[
        DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))])
    representative_position = StringField(_l("Chức vụ của người đại diện"), validators=[
        DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))])
    bank_account = StringField(_l("Số tài khoản ngân hàng"), validators=[
        Optional(), Regexp(r"^[0-9]{6,30}$", message=_l("Số tài khoản gồm 6 đến 30 chữ số."))],
        filters=[lambda v: "".join(v.split()) if v else v])
    bank_name = StringField(_l("Mở tại ngân hàng"), validators=[
        Length(max=255, message=_l("Tối đa 255 ký tự."))])

    def __init__(self, provinces, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._provinces = {p.code: p for p in provinces}
        self.province.choices = choices(_l("— Chọn tỉnh, thành phố —"),
                                        [(p.code, p.name) for p in provinces])

    def validate_bank_name(self, field):
        if self.bank_account.data and not field.data:
            raise ValidationError(_l("Vui lòng nhập ngân hàng nơi mở tài khoản."))

    def profile_data(self) -> dict:
        """The validated form as vendor profile fields (province as a Province)."""
        data = {f: getattr(self, f).data or None for f in PROFILE_FIELDS}
        data["province"] = self._provinces[self.province.data]
        return data


class PasswordMixin:
    password = PasswordField(_l("Mật khẩu (ít nhất 12 ký tự: một cụm từ dài, khó đoán)"),
                             validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        DataRequired(REQUIRED), EqualTo("password", message=_l("Hai mật khẩu không khớp nhau."))])

    def validate_password(self, field):
        login = getattr(self, "user_email", None) or getattr(self, "email", None)
        if problem := password_problem(field.data, email=login.data if login else None):
            raise ValidationError(problem)


class RegistrationForm(PasswordMixin, ProfileForm):
    tax_code = StringField(_l("Mã số thuế"), validators=[DataRequired(REQUIRED)],
                           filters=[lambda v: normalize_tax_code(v) if v else v])
    user_name = StringField(_l("Họ và tên người dùng"), validators=[
        DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))])
    user_email = EmailField(_l("Thư điện tử đăng nhập"), validators=[
        DataRequired(REQUIRED), Email(EMAIL), Length(max=255)])

    def validate_tax_code(self, field):
        if problem := tax_code_error(field.data):
            raise ValidationError(problem)


class ConfirmRegistrationForm(Form):
    """Completing a registration from its e-mailed link: the form carries only its token (a
    GET of the link changes nothing, so a mail scanner opening it registers nobody)."""


class UserForm(PasswordMixin, Form):
    name = StringField(_l("Họ và tên"), validators=[
        DataRequired(REQUIRED), Length(max=120, message=_l("Tối đa 120 ký tự."))])
    email = EmailField(_l("Thư điện tử đăng nhập"), validators=[
        DataRequired(REQUIRED), Email(EMAIL), Length(max=255)])


class CertificationForm(Form):
    kind = SelectField(_l("Loại chứng chỉ, giấy phép"),
                       choices=choices(_l("— Chọn loại —"), CERTIFICATION_KINDS.items()),
                       validators=[DataRequired(_l("Vui lòng chọn loại chứng chỉ."))])
    number = StringField(_l("Số hiệu"), validators=[
        DataRequired(REQUIRED), Length(max=80, message=_l("Tối đa 80 ký tự."))])
    issuer = StringField(_l("Tổ chức cấp"), validators=[
        DataRequired(REQUIRED), Length(max=255, message=_l("Tối đa 255 ký tự."))])
    issued_on = DayField(_l("Ngày cấp"), validators=[InputRequired(REQUIRED)])
    expires_on = DayField(_l("Ngày hết hạn"), validators=[InputRequired(REQUIRED)])
    file = FileField(_l("Bản PDF của chứng chỉ"), validators=[
        FileRequired(_l("Vui lòng chọn tệp PDF của chứng chỉ."))])

    pdf_data: bytes = b""

    def validate_expires_on(self, field):
        if self.issued_on.data and field.data and field.data <= self.issued_on.data:
            raise ValidationError(_l("Ngày hết hạn phải sau ngày cấp."))

    def validate_file(self, field):
        limit = current_app.config["VENDOR_UPLOAD_MAX_BYTES"]
        data = field.data.read(limit + 1)  # one byte more tells "too big" without reading all
        if problem := pdf_problem(data, limit, _("chứng chỉ")):
            raise ValidationError(problem)
        self.pdf_data = data

    def certification_data(self) -> dict:
        return {f: getattr(self, f).data for f in CERTIFICATION_FIELDS}


class OfferingForm(Form):
    service = SelectField(_l("Dịch vụ trong danh mục"), validators=[
        DataRequired(_l("Vui lòng chọn dịch vụ."))])
    description = TextAreaField(_l("Mô tả gói dịch vụ"), validators=[
        DataRequired(REQUIRED), Length(max=5000, message=_l("Tối đa 5000 ký tự."))])
    service_levels = TextAreaField(
        _l("Cam kết chất lượng dịch vụ (mỗi dòng “Tên chỉ tiêu: mục tiêu | cách đo lường”)"),
        validators=[DataRequired(REQUIRED)])
    hosting_location = StringField(_l("Nơi đặt hệ thống, lưu trữ dữ liệu"), validators=[
        DataRequired(REQUIRED), Length(max=255, message=_l("Tối đa 255 ký tự."))])
    security_level = SelectField(
        _l("Cấp độ an toàn hệ thống thông tin đáp ứng"),
        choices=choices(_l("— Chọn cấp độ —"),
                        [(str(i), _l("Cấp độ %(level)s", level=i)) for i in range(1, 6)]),
        validators=[DataRequired(_l("Vui lòng chọn cấp độ."))])
    unit = StringField(_l("Đơn vị tính"), validators=[
        DataRequired(REQUIRED), Length(max=60, message=_l("Tối đa 60 ký tự."))])
    min_term_months = IntegerField(_l("Thời hạn thuê tối thiểu (tháng)"), validators=[
        InputRequired(_l("Vui lòng nhập số tháng.")),
        NumberRange(min=1, max=240, message=_l("Thời hạn từ 1 đến 240 tháng."))])
    unit_price = MoneyField(_l("Đơn giá (đồng, chưa gồm thuế GTGT)"), validators=[Optional()])
    vat_rate = SelectField(_l("Thuế suất thuế GTGT"),
                           choices=choices(_l("— Chọn thuế suất —"), VAT_LABELS.items()),
                           validators=[DataRequired(_l("Vui lòng chọn thuế suất."))])
    price_public = BooleanField(_l("Công khai đơn giá"))
    common_software = BooleanField(_l("Phần mềm thuộc danh mục phần mềm dùng chung"))

    def __init__(self, active_services, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._services = {s.code: s for s in active_services}
        self.service.choices = choices(_l("— Chọn dịch vụ —"),
                                       [(s.code, f"{s.code} – {s.name}") for s in active_services])

    def validate_service_levels(self, field):
        try:
            parse_service_levels(field.data)
        except ValueError as error:
            raise ValidationError(str(error))

    def validate_price_public(self, field):
        if self.unit_price.errors:
            return  # the price field already says why
        if field.data and self.unit_price.data is None:
            raise ValidationError(_l("Nhập đơn giá trước khi chọn công khai giá."))
        if problem := price_rule_error(self.common_software.data, self.unit_price.data,
                                       field.data):
            raise ValidationError(problem)

    def offering_data(self) -> dict:
        """The validated form as offering fields (service as a Service)."""
        return {
            "service": self._services[self.service.data],
            "description": self.description.data,
            "service_levels": parse_service_levels(self.service_levels.data),
            "hosting_location": self.hosting_location.data,
            "security_level": int(self.security_level.data),
            "unit": self.unit.data,
            "min_term_months": self.min_term_months.data,
            "unit_price": self.unit_price.data,
            "vat_rate": self.vat_rate.data,
            "price_public": bool(self.price_public.data),
            "common_software": bool(self.common_software.data),
        }

    @staticmethod
    def initial_data(snapshot: dict) -> dict:
        """Form values for editing an offering, from its snapshot (vendors.services)."""
        return {**snapshot, "security_level": str(snapshot["security_level"]),
                "service_levels": format_service_levels(snapshot["service_levels"])}


class RejectForm(Form):
    reason = TextAreaField(_l("Lý do từ chối (doanh nghiệp sẽ đọc được)"), validators=[
        DataRequired(_l("Vui lòng nêu lý do từ chối để doanh nghiệp biết cần sửa gì.")),
        Length(max=2000, message=_l("Tối đa 2000 ký tự."))])
