"""HSDS 3.0 schema with confidentiality, eligibility and capacity

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 21:45:22.383623
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('emergency_number',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('emergency_number', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_number_country_code'), ['country_code'], unique=False)

    op.create_table('organization',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('alternate_name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('verification_status', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('taxonomy',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('uri', sa.Text(), nullable=True),
    sa.Column('version', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('taxonomy_term',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.String(length=128), nullable=True),
    sa.Column('taxonomy', sa.Text(), nullable=True),
    sa.Column('taxonomy_id', sa.String(length=128), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('term_uri', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('attribute',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('link_id', sa.String(length=128), nullable=False),
    sa.Column('taxonomy_term_id', sa.String(length=128), nullable=False),
    sa.Column('link_type', sa.Text(), nullable=True),
    sa.Column('link_entity', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['taxonomy_term.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attribute', schema=None) as batch_op:
        batch_op.create_index('ix_attribute_link_term', ['link_id', 'taxonomy_term_id'], unique=False)

    op.create_table('location',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('organization_id', sa.String(length=128), nullable=True),
    sa.Column('location_type', sa.String(length=16), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('city', sa.Text(), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('is_confidential', sa.Boolean(), nullable=False),
    sa.Column('public_latitude', sa.Float(), nullable=True),
    sa.Column('public_longitude', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.create_index('ix_location_lat_lon', ['latitude', 'longitude'], unique=False)
        batch_op.create_index(batch_op.f('ix_location_organization_id'), ['organization_id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('organization_id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('alternate_name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('hours_description', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('assured_date', sa.Date(), nullable=True),
    sa.Column('assurer_email', sa.Text(), nullable=True),
    sa.Column('capacity_available', sa.Integer(), nullable=True),
    sa.Column('capacity_maximum', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('verification_status', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_organization_id'), ['organization_id'], unique=False)

    op.create_table('address',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('location_id', sa.String(length=128), nullable=False),
    sa.Column('attention', sa.Text(), nullable=True),
    sa.Column('address_1', sa.Text(), nullable=False),
    sa.Column('address_2', sa.Text(), nullable=True),
    sa.Column('city', sa.Text(), nullable=False),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('state_province', sa.Text(), nullable=True),
    sa.Column('postal_code', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('address_type', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_address_location_id'), ['location_id'], unique=False)

    op.create_table('phone',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('service_id', sa.String(length=128), nullable=True),
    sa.Column('location_id', sa.String(length=128), nullable=True),
    sa.Column('organization_id', sa.String(length=128), nullable=True),
    sa.Column('number', sa.Text(), nullable=False),
    sa.Column('extension', sa.Text(), nullable=True),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_service_id'), ['service_id'], unique=False)

    op.create_table('service_area',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('service_id', sa.String(length=128), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_area_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_area_service_id'), ['service_id'], unique=False)

    op.create_table('service_at_location',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('service_id', sa.String(length=128), nullable=False),
    sa.Column('location_id', sa.String(length=128), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_at_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_at_location_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_at_location_service_id'), ['service_id'], unique=False)

    op.create_table('language',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('service_id', sa.String(length=128), nullable=True),
    sa.Column('location_id', sa.String(length=128), nullable=True),
    sa.Column('phone_id', sa.String(length=128), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.ForeignKeyConstraint(['phone_id'], ['phone.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_language_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_language_phone_id'), ['phone_id'], unique=False)
        batch_op.create_index('ix_language_service_code', ['service_id', 'code'], unique=False)

    op.create_table('schedule',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('service_id', sa.String(length=128), nullable=True),
    sa.Column('location_id', sa.String(length=128), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=128), nullable=True),
    sa.Column('freq', sa.String(length=16), nullable=True),
    sa.Column('byday', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.String(length=8), nullable=True),
    sa.Column('closes_at', sa.String(length=8), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], ),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['service_at_location.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_service_id'), ['service_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_service_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_location_id'))

    op.drop_table('schedule')
    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.drop_index('ix_language_service_code')
        batch_op.drop_index(batch_op.f('ix_language_phone_id'))
        batch_op.drop_index(batch_op.f('ix_language_location_id'))

    op.drop_table('language')
    with op.batch_alter_table('service_at_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_at_location_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_at_location_location_id'))

    op.drop_table('service_at_location')
    with op.batch_alter_table('service_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_area_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_area_country_code'))

    op.drop_table('service_area')
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_service_id'))
        batch_op.drop_index(batch_op.f('ix_phone_organization_id'))
        batch_op.drop_index(batch_op.f('ix_phone_location_id'))

    op.drop_table('phone')
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_address_location_id'))

    op.drop_table('address')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_organization_id'))
        batch_op.drop_index(batch_op.f('ix_service_category'))

    op.drop_table('service')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_organization_id'))
        batch_op.drop_index('ix_location_lat_lon')

    op.drop_table('location')
    with op.batch_alter_table('attribute', schema=None) as batch_op:
        batch_op.drop_index('ix_attribute_link_term')

    op.drop_table('attribute')
    op.drop_table('taxonomy_term')
    op.drop_table('taxonomy')
    op.drop_table('organization')
    with op.batch_alter_table('emergency_number', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emergency_number_country_code'))

    op.drop_table('emergency_number')
