"""What of a person may reach a map: the id and the (masked) name, nothing else."""
from __future__ import annotations

from .. import model
from ..privacy import mask_name


def display_name(label: str, name: str | None, show_names: bool) -> str:
    """The name as the map shows it: a person's is masked unless the user asked for names."""
    if label == "Person" and not show_names:
        return mask_name(name) or ""
    return name or ""


def public_info(label: str, info: dict) -> dict:
    """The details a node may show. For a person only the model's public properties survive,
    whatever a view put in, so that a mistake in a view cannot leak gender or birth year."""
    if label != "Person":
        return info
    return {k: v for k, v in info.items() if k in model.PERSON_PUBLIC_PROPS}
