"""JSON columns as jsonb in PostgreSQL (the record, the inputs, unknown input keys, aliases). SQLite unchanged.

Revision ID: 0002
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (("runs", "inputs"), ("articles", "extra"), ("articles", "record"), ("article_people", "aliases"),
           ("article_platforms", "aliases"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING {column}::jsonb")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        kind = "text" if column == "record" else "json"
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} USING {column}::{kind}")
