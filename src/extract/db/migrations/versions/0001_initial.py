"""The first schema: runs, articles and their dates, people, platforms, events, and errors.

Revision ID: 0001
Created with Alembic's autogenerate from `extract.db.schema`, then reviewed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('platforms',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extract_version', sa.String(length=40), nullable=False),
    sa.Column('pipeline_version', sa.String(length=80), nullable=False),
    sa.Column('config_hash', sa.String(length=64), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('articles_new', sa.Integer(), nullable=False),
    sa.Column('articles_changed', sa.Integer(), nullable=False),
    sa.Column('articles_skipped', sa.Integer(), nullable=False),
    sa.Column('articles_failed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('articles',
    sa.Column('id', sa.String(length=500), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('pipeline_version', sa.String(length=80), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('published_estimated', sa.Boolean(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=True),
    sa.Column('record', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('errors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.String(length=500), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_errors_article', 'errors', ['article_id'], unique=False)
    op.create_table('article_people',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('person_id', sa.String(length=200), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('article_id', 'person_id')
    )
    op.create_index('ix_article_people_person', 'article_people', ['person_id'], unique=False)
    op.create_table('article_platforms',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('platform_id', sa.String(length=200), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['platform_id'], ['platforms.id'], ),
    sa.PrimaryKeyConstraint('article_id', 'platform_id')
    )
    op.create_index('ix_article_platforms_platform', 'article_platforms', ['platform_id'], unique=False)
    op.create_table('dates',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('mod', sa.String(length=10), nullable=True),
    sa.Column('granularity', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'n')
    )
    op.create_table('events',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('date', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'n')
    )
    op.create_index('ix_events_type_date', 'events', ['type', 'date'], unique=False)
    op.create_table('event_locations',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('event_n', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id', 'event_n'], ['events.article_id', 'events.n'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'event_n', 'n')
    )
    op.create_table('event_participants',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('event_n', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('person_id', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['article_id', 'event_n'], ['events.article_id', 'events.n'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'event_n', 'n')
    )
    op.create_index(op.f('ix_event_participants_person_id'), 'event_participants', ['person_id'], unique=False)
    op.create_table('event_platforms',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('event_n', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('platform_id', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['article_id', 'event_n'], ['events.article_id', 'events.n'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'event_n', 'n')
    )
    op.create_index(op.f('ix_event_platforms_platform_id'), 'event_platforms', ['platform_id'], unique=False)
    op.create_table('person_mentions',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('person_id', sa.String(length=200), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id', 'person_id'], ['article_people.article_id', 'article_people.person_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'person_id', 'n')
    )
    op.create_table('platform_mentions',
    sa.Column('article_id', sa.String(length=500), nullable=False),
    sa.Column('platform_id', sa.String(length=200), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id', 'platform_id'], ['article_platforms.article_id', 'article_platforms.platform_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'platform_id', 'n')
    )


def downgrade() -> None:
    op.drop_table('platform_mentions')
    op.drop_table('person_mentions')
    op.drop_index(op.f('ix_event_platforms_platform_id'), table_name='event_platforms')
    op.drop_table('event_platforms')
    op.drop_index(op.f('ix_event_participants_person_id'), table_name='event_participants')
    op.drop_table('event_participants')
    op.drop_table('event_locations')
    op.drop_index('ix_events_type_date', table_name='events')
    op.drop_table('events')
    op.drop_table('dates')
    op.drop_index('ix_article_platforms_platform', table_name='article_platforms')
    op.drop_table('article_platforms')
    op.drop_index('ix_article_people_person', table_name='article_people')
    op.drop_table('article_people')
    op.drop_index('ix_errors_article', table_name='errors')
    op.drop_table('errors')
    op.drop_table('articles')
    op.drop_table('runs')
    op.drop_table('platforms')
    op.drop_table('people')
