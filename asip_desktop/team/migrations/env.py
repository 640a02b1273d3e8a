"""Alembic environment of the team base: run on the connection ``team.admin`` gives
(``config.attributes["connection"]``), as the schema's owner role."""

from __future__ import annotations

from alembic import context

from asip_desktop.team.tables import SCHEMA, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table_schema=SCHEMA,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
