"""Opening a store by what the user gave: a path (embedded LadybugDB) or a Neo4j URI."""
from __future__ import annotations

import os

from pathlib import Path

from .base import NoDatabase, Store, StoreError

DEFAULT_DB = "orggraph.lbug"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def resolve_db(db: str | None) -> str:
    return db or os.environ.get("ORGGRAPH_DB") or DEFAULT_DB


def is_neo4j(db: str) -> bool:
    return db.lower().startswith(NEO4J_SCHEMES)


def open_store(db: str | None = None, *, read_only: bool = False, create: bool = True,
               **options) -> Store:
    """The store named by `db`.

    `read_only`: for commands that only read. The embedded database is opened in LadybugDB's
    read-only mode (a file without write permission opens; several readers may share it while
    no load runs; the engine refuses any write, whatever its spelling); on Neo4j every
    statement runs in a READ access-mode transaction. Writes through such a store raise.
    `create`: an embedded database that does not exist yet may be created (loads); otherwise
    (and always when `read_only`) a missing file is `NoDatabase`, never an empty new graph.
    """
    db = resolve_db(db)
    if is_neo4j(db):
        from .neo4j import Neo4jStore
        return Neo4jStore(db, read_only=read_only, **options)
    if (read_only or not create) and not Path(db).exists():
        raise NoDatabase(db)
    from .embedded import EmbeddedStore
    return EmbeddedStore(db, read_only=read_only, **options)


__all__ = ["Store", "StoreError", "NoDatabase", "open_store", "resolve_db", "is_neo4j",
           "DEFAULT_DB"]
