"""answer feedback and consented unanswered questions

Revision ID: 5b2f0e8c41a7
Revises: 929a58d0c2f9
Create Date: 2026-12-03 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '5b2f0e8c41a7'
down_revision = '929a58d0c2f9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.String(length=32), nullable=False),
    sa.Column('card_id', sa.String(length=96), nullable=False),
    sa.Column('vote', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('answer_id')
    )
    op.create_index(op.f('ix_answer_feedback_card_id'), 'answer_feedback', ['card_id'], unique=False)
    op.create_index(op.f('ix_answer_feedback_voted_on'), 'answer_feedback', ['voted_on'], unique=False)
    op.create_table('unanswered_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('asked_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_unanswered_questions_asked_on'), 'unanswered_questions', ['asked_on'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unanswered_questions_asked_on'), table_name='unanswered_questions')
    op.drop_table('unanswered_questions')
    op.drop_index(op.f('ix_answer_feedback_voted_on'), table_name='answer_feedback')
    op.drop_index(op.f('ix_answer_feedback_card_id'), table_name='answer_feedback')
    op.drop_table('answer_feedback')
