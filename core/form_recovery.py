"""A form refused only because its CSRF token expired comes back as it was typed.

Flask-WTF's token lasts WTF_CSRF_TIME_LIMIT (an hour by default): a long plan typed in one
sitting would otherwise end on the 400 page with everything lost. For a refused POST that
carried a token this application signed, sent from one of its own pages (accounts.sessions
decides), `show_again` answers instead with the page itself: the request goes on as a GET of
the same URL, which never writes (core.transaction), every form on it reads what was posted
(core.forms.show_typed: nothing counts as submitted, nothing is saved) and the first one says
that the form expired and must be sent again, with a fresh token. A page without such a form
(a confirmation with a plain button) is opened again with the message instead. Uploaded files
cannot be kept: the message says so. Passwords are never shown again either.
"""
from collections.abc import Callable

from flask import current_app, flash, redirect, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from core.forms import show_typed, typed_shown

EXPIRED = _l("Biểu mẫu đã hết hạn nên chưa được gửi (trang đã mở quá lâu). Nội dung bạn đã "
             "nhập vẫn còn trên trang này: vui lòng kiểm tra và gửi lại.")
FILES_LOST = _l("Tệp đã chọn không giữ lại được: vui lòng chọn lại tệp.")
PASSWORDS_AGAIN = _l("Vì an toàn, mật khẩu cần nhập lại.")
DO_AGAIN = _l("Biểu mẫu đã hết hạn nên chưa được gửi. Vui lòng thực hiện lại.")


def _note(secret: Callable[[str], bool]) -> str:
    parts = [EXPIRED]
    if any(upload.filename for upload in request.files.values()):
        parts.append(FILES_LOST)
    if any(value for name, value in request.form.items(multi=True)
           if secret(name) and "csrf" not in name.lower()):
        parts.append(PASSWORDS_AGAIN)
    return " ".join(str(part) for part in parts)


def show_again(secret: Callable[[str], bool]) -> Response:
    """The page the refused POST was sent to, as a GET showing what was typed (but the
    fields `secret` names: passwords and the token)."""
    typed = ImmutableMultiDict([(name, value) for name, value in request.form.items(multi=True)
                                if not secret(name)])
    note = _note(secret)
    request.method = request.environ["REQUEST_METHOD"] = "GET"
    show_typed(typed, note)
    try:
        answer = current_app.preprocess_request()
        if answer is None:
            answer = current_app.dispatch_request()
    except HTTPException as error:  # the page is a 403 or 404 for this visitor: say so
        answer = current_app.handle_http_exception(error)
    response = current_app.make_response(answer)
    if response.status_code == 200 and not typed_shown():
        flash(str(DO_AGAIN), "warning")  # no form took the data: open the page afresh
        return redirect(request.full_path.rstrip("?"))
    return response
