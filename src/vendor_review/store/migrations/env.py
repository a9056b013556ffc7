"""Alembic environment: runs on the connection ``store.migrate`` hands over.

Use ``vendor_review.store.migrate.upgrade(engine)`` (what ``open_database`` does). For a
new revision during development, ``store.migrate.alembic_config(url)`` gives a ``Config``
for ``alembic.command.revision(cfg, message, autogenerate=True)``; revisions are then
edited by hand and numbered ``NNNN_<what>.py`` with ``revision = "NNNN"``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from vendor_review.store import search
from vendor_review.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=search.include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url given to the migrations")
    engine = create_engine(url)
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("vendor-review migrations run online only")
run_migrations_online()
