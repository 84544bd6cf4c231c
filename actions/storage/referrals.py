"""Anonymous crisis-referral counts: a date, a kind and a channel, nothing else.

The kind is the reply's marker, so it also gives the tier: ``self`` and ``client`` are
crisis replies, ``check`` is the check question.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.storage.models import CrisisReferral


def record_referral(session: Session, kind: str, channel: str, on: date) -> None:
    """Count one crisis reply; the caller's transaction commits it."""
    session.add(CrisisReferral(occurred_on=on, kind=kind, channel=channel[:32]))


def referrals_in_year(session: Session, year: int) -> dict[str, int]:
    """Crisis and check replies given in ``year``, by kind."""
    rows = session.execute(
        select(CrisisReferral.kind, func.count())
        .where(CrisisReferral.occurred_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(CrisisReferral.kind)
    )
    return {kind: count for kind, count in rows.tuples()}
