"""agency readiness self-assessments

Revision ID: 8c3d6b0e4f12
Revises: 5e1f0a7c2b91
Create Date: 2026-12-03 10:21:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '8c3d6b0e4f12'
down_revision = '5e1f0a7c2b91'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('readiness_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ratings', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_key', 'idempotency_key', name='uq_readiness_once')
    )
    op.create_index(op.f('ix_readiness_assessments_user_key'), 'readiness_assessments', ['user_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_readiness_assessments_user_key'), table_name='readiness_assessments')
    op.drop_table('readiness_assessments')
