"""SQLAlchemy 2 models. Schema changes go through Alembic (migrations/)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of every Peerline table."""


class CrisisReferral(Base):
    """One crisis or check reply given, for a yearly referral figure; no text and no user.

    ``kind`` is the reply's marker: ``self`` or ``client`` (crisis tier), ``check`` (check tier).
    """

    __tablename__ = "crisis_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CheckIn(Base):
    """One private wellbeing check-in, keyed by a pseudonym, with the note encrypted."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_checkin_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    # Derived from the conversation turn, so a retried action stores the check-in once.
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    mood: Mapped[int] = mapped_column(Integer)
    stress: Mapped[int] = mapped_column(Integer)
    used_self_care: Mapped[bool] = mapped_column(Boolean)
    note_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class AnswerFeedback(Base):
    """One vote on one knowledge answer: the card, the vote, the channel and the date.

    No user key and no text. ``answer_id`` is the random id sent with the answer, unique
    here so that a vote counts once per answered message however often it is replayed.
    """

    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[str] = mapped_column(String(32), unique=True)
    card_id: Mapped[str] = mapped_column(String(96), index=True)
    vote: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(32))
    voted_on: Mapped[date] = mapped_column(Date, index=True)


class UnansweredQuestion(Base):
    """A question Peerline could not answer, saved with its asker's consent, scrubbed of
    anything identifying; no user key. Purged after the retention period."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(32))
    asked_on: Mapped[date] = mapped_column(Date, index=True)


class SupervisionItem(Base):
    """One item on a peer provider's private supervision agenda; its text encrypted."""

    __tablename__ = "supervision_items"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_agenda_item_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    text_encrypted: Mapped[bytes] = mapped_column(LargeBinary)


class ReadinessAssessment(Base):
    """One completed agency readiness self-assessment: statement id to rating 1-4, as JSON."""

    __tablename__ = "readiness_assessments"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_readiness_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ratings: Mapped[str] = mapped_column(Text)


class BoundaryWalkthrough(Base):
    """One finished boundary walk-through: situation, answers and summary line, encrypted."""

    __tablename__ = "boundary_walkthroughs"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_walkthrough_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    result_encrypted: Mapped[bytes] = mapped_column(LargeBinary)


class SuccessPlan(Base):
    """A young peer provider's success-factor plan: factor ratings and two focus factors as
    JSON, the two written actions encrypted; the review, once given, on the same row."""

    __tablename__ = "success_plans"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_success_plan_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    review_due: Mapped[date] = mapped_column(Date)
    ratings: Mapped[str] = mapped_column(Text)
    focus: Mapped[str] = mapped_column(Text)
    actions_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    # The latest review: its own idempotency key, so a retried review is stored once.
    review_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcomes: Mapped[str | None] = mapped_column(Text, nullable=True)
    review_note_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    review_ratings: Mapped[str | None] = mapped_column(Text, nullable=True)


class Reminder(Base):
    """One opt-in reminder: what for, which days and local time, in which time zone.

    ``kind`` is an id from ``knowledge/tools/reminders.yml``, kept as text so that another
    tool adds a kind without a migration. ``next_due_at`` is the next occurrence not yet
    sent, offered or skipped. On Telegram, ``delivery_sealed`` is the chat to send to, a
    Fernet token under the note keys (never the id in the clear); NULL for the web widget,
    which offers due reminders on the next visit instead of pushing them.
    """

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("user_key", "idempotency_key", name="uq_reminder_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_key: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    days: Mapped[str] = mapped_column(String(32))
    at: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    quiet_start: Mapped[time] = mapped_column(Time)
    quiet_end: Mapped[time] = mapped_column(Time)
    delivery_sealed: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ReminderDelivery(Base):
    """One occurrence of a reminder being sent (or offered, or skipped), recorded once.

    The unique (reminder, occurrence) row is the claim: whoever inserts it sends, so two
    bridges or a retry never send one occurrence twice. ``state``: ``sending`` (claimed),
    ``sent``, ``failed`` (retried from ``retry_at``), ``offered`` (the widget), ``missed``
    (too late or quiet hours), ``refused`` (Telegram refused the chat), ``uncertain`` (the
    send may have arrived: never repeated).
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("reminder_id", "occurrence_at", name="uq_reminder_occurrence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("reminders.id", ondelete="CASCADE"), index=True
    )
    occurrence_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
