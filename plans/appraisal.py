"""Who appraises a plan, and the appraisal clocks.

**Who.** An appraiser (role "appraiser") of the operator appraises every agency's plans; an
appraiser of an agency appraises the plans of the agencies of its province
(Organisation.province_id). `scope` states the rule once; `may_appraise` (one plan), the queue
(`appraisable`, a SQL condition) and the notices (`appraisers_of`) read it.

**The clocks.** The law gives the appraiser 20 days from receiving the complete file to deliver
the opinion, and 3 working days from receipt to ask for more documents. The reading applied,
from `data/appraisal.yml` (whose `to_check_by_legal_drafters: true` flags it for the legal
drafters to confirm):

- the file is received when the plan is sent for appraisal (`LeasePlan.submitted_at`, a date
  in Vietnam); the day of receipt is not counted (Civil Code 2015, art. 147);
- the 20 days are calendar days; when the last one is not a working day the period ends on the
  next working day (Civil Code 2015, art. 148(5));
- the 3 days are working days (core.working_days: Monday to Friday less the public holidays);
- a request for more documents stops the clock: the resubmitted, complete file is received
  anew and both periods restart from its resubmission.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l, lazy_ngettext
from sqlalchemy import and_, false, or_, select, true

from accounts.models import Organisation, User
from core import clock, working_days
from core.formats import dmy
from extensions import db
from plans.models import LeasePlan

RULES_FILE = Path(__file__).parent / "data" / "appraisal.yml"
DEADLINES: dict = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
OPINION_DAYS: int = DEADLINES["opinion_days"]
SUPPLEMENT_WORKING_DAYS: int = DEADLINES["supplement_working_days"]
WARN_DAYS: int = DEADLINES["warn_days"]

EVERY_AGENCY = "all"


# --- who ---------------------------------------------------------------------------------


def scope(user) -> str | int | None:
    """Whose plans the user appraises: EVERY_AGENCY (an operator's appraiser), a province id
    (an agency's appraiser: the agencies of that province) or None (no one's)."""
    if not getattr(user, "is_authenticated", False) or user.role != "appraiser":
        return None
    organisation = user.organisation
    if organisation.kind == "operator":
        return EVERY_AGENCY
    if organisation.kind == "agency":
        return organisation.province_id  # None: an agency of no province appraises no one
    return None


def may_appraise(user, plan: LeasePlan) -> bool:
    """Whether the plan's agency is within the user's scope (whatever the plan's state)."""
    covered = scope(user)
    return covered == EVERY_AGENCY or (covered is not None
                                       and covered == plan.organisation.province_id)


def appraisable(user):
    """`scope` as a SQL condition on Organisation (the plan's agency), for lists."""
    covered = scope(user)
    if covered == EVERY_AGENCY:
        return true()
    if covered is None:
        return false()
    return Organisation.province_id == covered


def appraisers_of(plan: LeasePlan) -> list[User]:
    """The active appraisers whose `scope` takes in the plan's agency (for the notices)."""
    province_id = plan.organisation.province_id
    covers = Organisation.kind == "operator"
    if province_id is not None:
        covers = or_(covers, and_(Organisation.kind == "agency",
                                  Organisation.province_id == province_id))
    return list(db.session.scalars(
        select(User).join(Organisation, User.organisation_id == Organisation.id)
        .where(User.role == "appraiser", User.active.is_(True), covers).order_by(User.id)))


# --- the clocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clocks:
    """The appraisal deadlines of a plan awaiting appraisal, as of `today`."""

    received: date
    opinion_due: date
    supplement_due: date
    today: date

    @property
    def days_left(self) -> int:
        """Days to the opinion's deadline; negative: overdue by that many days."""
        return (self.opinion_due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def warn(self) -> bool:
        """3 days or fewer left, or overdue: shown with a warning."""
        return self.days_left <= WARN_DAYS

    @property
    def supplement_passed(self) -> bool:
        return self.today > self.supplement_due

    # The texts are lazy: a page shows them in its language, a notice in each recipient's.
    @property
    def left_text(self) -> str:
        if self.days_left < 0:
            return lazy_ngettext("quá hạn %(num)d ngày", "quá hạn %(num)d ngày",
                                 -self.days_left)
        if self.days_left == 0:
            return _l("hết hạn hôm nay")
        return lazy_ngettext("còn %(num)d ngày", "còn %(num)d ngày", self.days_left)

    @property
    def opinion_text(self) -> str:
        """"Hạn thẩm định: 21/09/2026 (còn 5 ngày)"."""
        return _l("Hạn thẩm định: %(day)s (%(left)s)", day=dmy(self.opinion_due),
                  left=self.left_text)

    @property
    def supplement_text(self) -> str:
        """"Hạn yêu cầu bổ sung hồ sơ: 04/09/2026"."""
        if self.supplement_passed:
            return _l("Hạn yêu cầu bổ sung hồ sơ: %(day)s (đã qua)",
                      day=dmy(self.supplement_due))
        return _l("Hạn yêu cầu bổ sung hồ sơ: %(day)s", day=dmy(self.supplement_due))


def deadlines_from(received: date, today: date | None = None) -> Clocks:
    """Both deadlines of a file received on `received`."""
    opinion = working_days.next_working_day(date.fromordinal(received.toordinal() + OPINION_DAYS))
    return Clocks(received=received, opinion_due=opinion,
                  supplement_due=working_days.add_working_days(received,
                                                               SUPPLEMENT_WORKING_DAYS),
                  today=today or clock.today())


def clocks_of(plan: LeasePlan, today: date | None = None) -> Clocks | None:
    """The clocks of a plan awaiting appraisal; None in any other state."""
    if plan.status != "appraisal" or plan.submitted_at is None:
        return None
    return deadlines_from(clock.in_vietnam(plan.submitted_at).date(), today)
