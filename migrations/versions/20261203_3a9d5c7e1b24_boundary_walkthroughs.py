"""boundary walk-throughs, stored privately

Revision ID: 3a9d5c7e1b24
Revises: 8c3d6b0e4f12
Create Date: 2026-12-03 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '3a9d5c7e1b24'
down_revision = '8c3d6b0e4f12'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('boundary_walkthroughs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('result_encrypted', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_key', 'idempotency_key', name='uq_walkthrough_once')
    )
    op.create_index(op.f('ix_boundary_walkthroughs_user_key'), 'boundary_walkthroughs', ['user_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_boundary_walkthroughs_user_key'), table_name='boundary_walkthroughs')
    op.drop_table('boundary_walkthroughs')
