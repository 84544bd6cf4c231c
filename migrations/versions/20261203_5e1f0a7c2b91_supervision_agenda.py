"""supervision agenda items

Revision ID: 5e1f0a7c2b91
Revises: 5b2f0e8c41a7
Create Date: 2026-12-03 10:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '5e1f0a7c2b91'
down_revision = '5b2f0e8c41a7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supervision_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_key', sa.String(length=64), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text_encrypted', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_key', 'idempotency_key', name='uq_agenda_item_once')
    )
    op.create_index(op.f('ix_supervision_items_user_key'), 'supervision_items', ['user_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_supervision_items_user_key'), table_name='supervision_items')
    op.drop_table('supervision_items')
