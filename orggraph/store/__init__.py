"""Opening a store by what the user gave: a path (embedded LadybugDB) or a Neo4j URI."""
from __future__ import annotations

import os

from .base import Store, StoreError

DEFAULT_DB = "orggraph.lbug"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def resolve_db(db: str | None) -> str:
    return db or os.environ.get("ORGGRAPH_DB") or DEFAULT_DB


def is_neo4j(db: str) -> bool:
    return db.lower().startswith(NEO4J_SCHEMES)


def open_store(db: str | None = None, **options) -> Store:
    db = resolve_db(db)
    if is_neo4j(db):
        from .neo4j import Neo4jStore
        return Neo4jStore(db, **options)
    from .embedded import EmbeddedStore
    return EmbeddedStore(db, **options)


__all__ = ["Store", "StoreError", "open_store", "resolve_db", "is_neo4j", "DEFAULT_DB"]
