"""The refusals every domain raises: their message is Vietnamese and shown to the user as is."""


class Refused(ValueError):
    """An operation refused by a rule; the request's changes roll back (core.transaction).

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotPermitted(Refused):
    """The user's role or organisation may not do this: the request answers 403."""
