"""The language switcher on every page: Vietnamese or English for this browser, and for a
signed-in user from now on (pages, notices and e-mails: `User.language`)."""
from flask import redirect
from flask_login import current_user

from accounts import bp, notices
from accounts.notice_forms import LanguageForm
from accounts.views.auth import safe_next
from core import i18n


@bp.route("/language", methods=["POST"], endpoint="language")
def switch_language():
    form = LanguageForm()
    if form.validate_on_submit():
        i18n.choose(form.language.data)
        if current_user.is_authenticated:
            notices.set_language(current_user._get_current_object(), form.language.data,
                                 actor=current_user._get_current_object())
    return redirect(safe_next(form.next.data))
