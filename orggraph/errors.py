"""The one kind of error a user sees.

Every error whose message is meant for the person at the keyboard extends `OrggraphError`; the
command line catches it once and prints `Error: <message>` with a non-zero exit status. Anything
else that escapes is a bug."""
from __future__ import annotations


class OrggraphError(Exception):
    """An error with a message for the user (what went wrong, and where, and what to do)."""

    def details(self) -> list[str]:
        """Lines printed before the `Error:` line (e.g. each problem of a bundle)."""
        return []

    def summary(self) -> str:
        """The `Error:` line."""
        return str(self)


class UnknownIdError(OrggraphError):
    """An id given on the command line that names nothing in the database."""

