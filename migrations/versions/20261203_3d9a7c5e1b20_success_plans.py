"""success-factor plans

Revision ID: 3d9a7c5e1b20
Revises: 3a9c5e7d1b24
Create Date: 2026-12-03 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '3d9a7c5e1b20'
down_revision = '3a9c5e7d1b24'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('success_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('review_due', sa.Date(), nullable=False),
    sa.Column('ratings', sa.Text(), nullable=False),
    sa.Column('focus', sa.Text(), nullable=False),
    sa.Column('actions_encrypted', sa.LargeBinary(), nullable=False),
    sa.Column('review_key', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcomes', sa.Text(), nullable=True),
    sa.Column('review_note_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('review_ratings', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_key', 'idempotency_key', name='uq_success_plan_once')
    )
    op.create_index(op.f('ix_success_plans_user_key'), 'success_plans', ['user_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_success_plans_user_key'), table_name='success_plans')
    op.drop_table('success_plans')
