"""The work queue ("Việc cần làm", where users land after login), notices and e-mail choices."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts import bp, notices, work
from accounts.notice_forms import LanguagePreferenceForm, MailPreferencesForm, MarkReadForm
from core import i18n
from core.pagination import paginate
from core.transaction import attempt


@bp.app_context_processor
def menu_counts() -> dict:
    """The menu's figures: what waits in the user's queue, and unread notices. Context
    processors run before a template renders (which may send no query: core.transaction)."""
    user = current_user
    if not getattr(user, "is_authenticated", False):
        return {}
    user = user._get_current_object()
    return {"menu_counts": {"work": work.work_for(user).count,
                            "unread": notices.unread_count(user)}}


@bp.route("/work", endpoint="work")
@login_required
def work_queue():
    queue = work.work_for(current_user._get_current_object())
    return render_template("accounts/work.html", queue=queue, waited=work.waited)


@bp.route("/notices/", endpoint="notices")
@login_required
def notice_list():
    pagination = paginate(notices.notices_of(current_user._get_current_object()))
    return render_template("accounts/notices.html", pagination=pagination, form=MarkReadForm())


@bp.route("/notices/<int:notice_id>/open", methods=["POST"], endpoint="notice_open")
@login_required
def notice_open(notice_id):
    """Mark the notice read and go to its page (a POST: a GET never writes)."""
    user = current_user._get_current_object()
    notice = notices.notice_of(user, notice_id)
    if notice is None:
        abort(404)
    if MarkReadForm().validate_on_submit():
        with attempt() as done:
            notices.mark_read(user, notice.id)
        if done and notice.link.startswith("/") and not notice.link.startswith("//"):
            return redirect(notice.link)
    return redirect(url_for("accounts.notices"))


@bp.route("/notices/read", methods=["POST"], endpoint="notices_read")
@login_required
def notices_read():
    if MarkReadForm().validate_on_submit():
        with attempt() as done:
            changed = notices.mark_read(current_user._get_current_object())
        if done:
            flash(_("Đã đánh dấu %(n)s thông báo là đã đọc.", n=changed), "success")
    return redirect(url_for("accounts.notices"))


@bp.route("/preferences", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences():
    user = current_user._get_current_object()
    kinds = notices.kinds_for(user)
    language_posted = request.method == "POST" and "lang-language" in request.form
    # Two forms on one page: the one not posted is filled from the user, as on a GET.
    form = MailPreferencesForm(kinds=kinds,
                               formdata=None if language_posted else request.form or None)
    language_form = LanguagePreferenceForm(prefix="lang", language=user.language,
                                           formdata=request.form if language_posted else None)
    if language_posted and language_form.validate_on_submit():
        notices.set_language(user, language_form.language.data, actor=user)
        i18n.choose(language_form.language.data)
        flash(_("Đã lưu ngôn ngữ của trang và thư thông báo."), "success")
        return redirect(url_for("accounts.preferences"))
    if not language_posted and form.validate_on_submit():
        with attempt(form, field="wanted") as done:
            notices.set_mail_preferences(user, form.wanted.data or [], actor=user)
        if done:
            flash(_("Đã lưu tùy chọn nhận thư thông báo."), "success")
            return redirect(url_for("accounts.preferences"))
    if language_posted or not form.is_submitted():
        off = set(user.mail_off or [])
        form.wanted.data = [kind.name for kind in kinds if kind.name not in off]
    return render_template("accounts/preferences.html", form=form, kinds=kinds,
                           language_form=language_form)
