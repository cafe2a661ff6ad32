"""Vietnamese for the messages WTForms and Flask-WTF write themselves.

WTForms ships no Vietnamese catalogue, so without this a user would read "Not a valid integer
value." on an otherwise Vietnamese page. Every form inherits core.forms.Form, whose Meta
hands WTForms these translations.
"""

MESSAGES = {
    "This field is required.": "Vui lòng nhập trường này.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.":
        "Có lựa chọn không hợp lệ.",
    "Not a valid integer value.": "Vui lòng nhập một số nguyên.",
    "Not a valid decimal value.": "Vui lòng nhập một số.",
    "Not a valid float value.": "Vui lòng nhập một số.",
    "Not a valid date value.": "Ngày không hợp lệ (định dạng ngày/tháng/năm).",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Invalid URL.": "Địa chỉ trang web không hợp lệ.",
    "Invalid UUID.": "Mã UUID không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với trường %(other_name)s.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Cần đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Cần đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Cần từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày không được sau %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "Invalid value, must be one of: %(values)s.": "Giá trị phải là một trong: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Giá trị không được là: %(values)s.",
    "This field cannot be edited.": "Trường này không được sửa.",
    "This field is disabled and cannot have a value.": "Trường này bị khóa.",
    "File does not have an approved extension.": "Loại tệp không được chấp nhận.",
    "The CSRF token is missing.": "Phiên làm việc đã hết hạn; vui lòng tải lại trang và gửi lại.",
    "The CSRF token is invalid.": "Phiên làm việc không hợp lệ; vui lòng tải lại trang.",
    "The CSRF token has expired.": "Phiên làm việc đã hết hạn; vui lòng tải lại trang.",
    "The CSRF tokens do not match.": "Phiên làm việc không hợp lệ; vui lòng tải lại trang.",
    "CSRF token missing.": "Phiên làm việc đã hết hạn; vui lòng tải lại trang và gửi lại.",
    "CSRF token expired.": "Phiên làm việc đã hết hạn; vui lòng tải lại trang.",
    "CSRF failed.": "Phiên làm việc không hợp lệ; vui lòng tải lại trang.",
    "Invalid CSRF Token.": "Phiên làm việc không hợp lệ; vui lòng tải lại trang.",
}


class VietnameseTranslations:
    """The gettext interface WTForms expects, answering in Vietnamese."""

    def gettext(self, string: str) -> str:
        return MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return MESSAGES.get(singular if n == 1 else plural, singular if n == 1 else plural)


TRANSLATIONS = VietnameseTranslations()
