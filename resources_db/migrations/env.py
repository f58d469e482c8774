"""Alembic environment for the resource database.

Run through `resources_db.engine.create_schema(engine)` (what `resources-db init` calls): it
passes an open connection in `config.attributes["connection"]`. Nothing here reads files or
environment variables; the caller decides which database to migrate.
"""

from alembic import context

from resources_db.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
