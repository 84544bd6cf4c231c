"""opt-in reminders and their deliveries

Revision ID: 3a9c5e7d1b24
Revises: 3a9d5c7e1b24
Create Date: 2026-12-03 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '3a9c5e7d1b24'
down_revision = '3a9d5c7e1b24'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('days', sa.String(length=32), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('quiet_start', sa.Time(), nullable=False),
    sa.Column('quiet_end', sa.Time(), nullable=False),
    sa.Column('delivery_sealed', sa.Text(), nullable=True),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_key', 'idempotency_key', name='uq_reminder_once')
    )
    op.create_index(op.f('ix_reminders_user_key'), 'reminders', ['user_key'], unique=False)
    op.create_index(op.f('ix_reminders_next_due_at'), 'reminders', ['next_due_at'], unique=False)
    op.create_table('reminder_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reminder_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('retry_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reminder_id'], ['reminders.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reminder_id', 'occurrence_at', name='uq_reminder_occurrence')
    )
    op.create_index(op.f('ix_reminder_deliveries_reminder_id'), 'reminder_deliveries', ['reminder_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reminder_deliveries_reminder_id'), table_name='reminder_deliveries')
    op.drop_table('reminder_deliveries')
    op.drop_index(op.f('ix_reminders_next_due_at'), table_name='reminders')
    op.drop_index(op.f('ix_reminders_user_key'), table_name='reminders')
    op.drop_table('reminders')
