"""Keeping person names out of output that the user did not ask to contain them: the one
place that decides how a name is masked."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**: the family name stays, the rest is hidden."""
    if not name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


PERSON_NAMES = "MATCH (p:Person) WHERE p.name IS NOT NULL RETURN DISTINCT p.name AS name"


def mask_person_names(rows: list[dict], store: "Store", columns: tuple[str, ...] = ()) -> list[dict]:
    """Rows with every cell of the `columns` masked, and every other text cell that is exactly a
    person's name in the store masked too: a free-form query cannot say which of its columns are
    personal, so the values themselves are checked. A name inside a longer text is not found."""
    if not rows:
        return rows
    names = {row["name"] for row in store.query(PERSON_NAMES)}
    masked = []
    for row in rows:
        masked.append({key: mask_name(value) if key in columns or (isinstance(value, str)
                                                                    and value in names) else value
                       for key, value in row.items()})
    return masked
