"""The forms of the work queue's companions: notices read, e-mails chosen, a role given."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField
from wtforms.validators import InputRequired

from core.forms import Form, MultiCheckboxField
from core.i18n import LANGUAGE_NAMES


class MarkReadForm(Form):
    """A button: no fields but the CSRF token."""


class MailPreferencesForm(Form):
    wanted = MultiCheckboxField(_l("Gửi thư điện tử cho tôi khi có"), choices=[])

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.wanted.choices = [(kind.name, kind.label) for kind in kinds]


class RoleForm(Form):
    role = SelectField(_l("Vai trò mới"), choices=[])

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = roles


class LanguageForm(Form):
    """The switcher on every page: one button per language."""
    language = SelectField(_l("Ngôn ngữ"), choices=list(LANGUAGE_NAMES.items()),
                           validators=[InputRequired()])
    next = HiddenField()


class LanguagePreferenceForm(Form):
    language = RadioField(_l("Ngôn ngữ của trang và thư thông báo"),
                          choices=list(LANGUAGE_NAMES.items()), validators=[InputRequired()])
