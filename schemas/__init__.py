"""Schemas of the published tables and the predicate vocabulary."""

from schemas.predicates import Predicate, predicate_names, predicates
from schemas.tables import (
    FOREIGN_KEYS,
    LIST_FOREIGN_KEYS,
    PRIMARY_KEYS,
    SORT_KEYS,
    TABLES,
    columns,
)

__all__ = [
    "FOREIGN_KEYS",
    "LIST_FOREIGN_KEYS",
    "PRIMARY_KEYS",
    "SORT_KEYS",
    "TABLES",
    "Predicate",
    "columns",
    "predicate_names",
    "predicates",
]
