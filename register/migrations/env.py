"""Alembic environment for the register: runs on the connection `register.database.upgrade` hands over, or on
DEKNING_DB_URL / the default SQLite file when called as `alembic -c register/alembic.ini upgrade head`."""

from alembic import context

from register import database, schema

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=schema.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    database.create_file(database.url())
    with database.engine().begin() as conn:
        _run(conn)
