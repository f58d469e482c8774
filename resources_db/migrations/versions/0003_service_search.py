"""service_search: one row per service at a location, for one-query nearby search

Nearby search joined location, service_at_location and service, then looked languages and
eligibility up by service id: up to 155 ms p95 at 1M listings. This table holds everything a
search filters and ranks on (see models.SearchEntry), indexed on (category, lat_cell,
longitude). The upgrade fills it from the existing listings with the same code that keeps it
in step afterwards (resources_db.search_index.rebuild); a later migration that changes this
table must rebuild it with its own code.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_search",
        sa.Column("service_id", sa.String(length=128), nullable=False),
        sa.Column("location_id", sa.String(length=128), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("lat_cell", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("unit_x", sa.Float(), nullable=False),
        sa.Column("unit_y", sa.Float(), nullable=False),
        sa.Column("unit_z", sa.Float(), nullable=False),
        sa.Column("is_confidential", sa.Boolean(), nullable=False),
        sa.Column("public_latitude", sa.Float(), nullable=True),
        sa.Column("public_longitude", sa.Float(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("assured_date", sa.Date(), nullable=True),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("capacity_available", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("verification_status", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=False),
        sa.Column("schedules", sa.Text(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("service_id", "location_id"),
    )
    with op.batch_alter_table("service_search", schema=None) as batch_op:
        batch_op.create_index("ix_service_search_box", ["category", "lat_cell", "longitude"], unique=False)

    from resources_db.search_index import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("service_search", schema=None) as batch_op:
        batch_op.drop_index("ix_service_search_box")
    op.drop_table("service_search")
