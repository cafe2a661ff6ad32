"""Vietnamese for the messages WTForms and Flask-WTF write themselves.

WTForms ships no Vietnamese catalogue, so without this a user would read "Not a valid integer
value." on an otherwise Vietnamese page. Every form inherits core.forms.Form, whose Meta
hands WTForms these translations. They are Vietnamese msgids of Flask-Babel (lazy), so an
English page reads English again, from the application's own catalogue.
"""
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "This field is required.": _l("Vui lòng nhập trường này."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Choices cannot be None.": _l("Chưa có lựa chọn nào."),
    "'%(value)s' is not a valid choice for this field.":
        _l("“%(value)s” không phải lựa chọn hợp lệ."),
    "'%(value)s' are not valid choices for this field.":
        _l("“%(value)s” không phải lựa chọn hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.":
        _l("Có lựa chọn không hợp lệ."),
    "Not a valid integer value.": _l("Vui lòng nhập một số nguyên."),
    "Not a valid decimal value.": _l("Vui lòng nhập một số."),
    "Not a valid float value.": _l("Vui lòng nhập một số."),
    "Not a valid date value.": _l("Ngày không hợp lệ (định dạng ngày/tháng/năm)."),
    "Not a valid datetime value.": _l("Thời điểm không hợp lệ."),
    "Not a valid time value.": _l("Giờ không hợp lệ."),
    "Not a valid week value.": _l("Tuần không hợp lệ."),
    "Invalid email address.": _l("Địa chỉ thư điện tử không hợp lệ."),
    "Invalid URL.": _l("Địa chỉ trang web không hợp lệ."),
    "Invalid UUID.": _l("Mã UUID không hợp lệ."),
    "Invalid IP address.": _l("Địa chỉ IP không hợp lệ."),
    "Invalid Mac address.": _l("Địa chỉ MAC không hợp lệ."),
    "Field must be equal to %(other_name)s.": _l("Giá trị phải trùng với trường %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field must be at least %(min)d characters long.": _l("Cần ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": _l("Không được dài quá %(max)d ký tự."),
    "Field cannot be longer than %(max)d characters.": _l("Không được dài quá %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": _l("Cần đúng %(max)d ký tự."),
    "Field must be exactly %(max)d characters long.": _l("Cần đúng %(max)d ký tự."),
    "Field must be between %(min)d and %(max)d characters long.":
        _l("Cần từ %(min)d đến %(max)d ký tự."),
    "Number must be at least %(min)s.": _l("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": _l("Số không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Số phải từ %(min)s đến %(max)s."),
    "Date must be at least %(min)s.": _l("Ngày phải từ %(min)s trở đi."),
    "Date must be at most %(max)s.": _l("Ngày không được sau %(max)s."),
    "Date must be between %(min)s and %(max)s.": _l("Ngày phải từ %(min)s đến %(max)s."),
    "Invalid value, must be one of: %(values)s.": _l("Giá trị phải là một trong: %(values)s."),
    "Invalid value, can't be any of: %(values)s.": _l("Giá trị không được là: %(values)s."),
    "This field cannot be edited.": _l("Trường này không được sửa."),
    "This field is disabled and cannot have a value.": _l("Trường này bị khóa."),
    "File does not have an approved extension.": _l("Loại tệp không được chấp nhận."),
    "The CSRF token is missing.":
        _l("Phiên làm việc đã hết hạn; vui lòng tải lại trang và gửi lại."),
    "The CSRF token is invalid.": _l("Phiên làm việc không hợp lệ; vui lòng tải lại trang."),
    "The CSRF token has expired.": _l("Phiên làm việc đã hết hạn; vui lòng tải lại trang."),
    "The CSRF tokens do not match.": _l("Phiên làm việc không hợp lệ; vui lòng tải lại trang."),
    "CSRF token missing.": _l("Phiên làm việc đã hết hạn; vui lòng tải lại trang và gửi lại."),
    "CSRF token expired.": _l("Phiên làm việc đã hết hạn; vui lòng tải lại trang."),
    "CSRF failed.": _l("Phiên làm việc không hợp lệ; vui lòng tải lại trang."),
    "Invalid CSRF Token.": _l("Phiên làm việc không hợp lệ; vui lòng tải lại trang."),
}


class VietnameseTranslations:
    """The gettext interface WTForms expects, answering in the page's language."""

    def gettext(self, string: str) -> str:
        return str(MESSAGES.get(string, string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        string = singular if n == 1 else plural
        return str(MESSAGES.get(string, string))


TRANSLATIONS = VietnameseTranslations()
