"""Where a Neo4j store is and who connects to it: from the URI, the options and the environment.

Precedence: an explicit option, then credentials written into the URI (`neo4j://user:pw@host`),
then the environment (`NEO4J_USERNAME` or `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`).
The password is never part of `location` nor of `repr()`, so messages and logs cannot show it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_USER = "neo4j"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str                    # what the driver connects to: no credentials in it
    user: str | None
    password: str | None = field(default=None, repr=False)
    database: str | None = None  # None: the server's home database

    @property
    def location(self) -> str:
        """The URI as shown to the user (never with credentials)."""
        return self.uri

    @property
    def auth(self) -> tuple[str, str] | None:
        """Basic auth, or None when no password is known (a server with auth off)."""
        if self.password is None:
            return None
        return (self.user or DEFAULT_USER, self.password)


def target(uri: str, *, user: str | None = None, password: str | None = None,
           database: str | None = None, environ: dict | None = None) -> Neo4jTarget:
    env = os.environ if environ is None else environ
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise ValueError("地址应为主机名、IPv4 地址或方括号中的 IPv6 地址") from None
    uri_user = uri_password = None
    if "@" in parts.netloc:
        userinfo, host = parts.netloc.rsplit("@", 1)
        name, sep, secret = userinfo.partition(":")
        uri_user = unquote(name) or None
        uri_password = unquote(secret) if sep else None
        parts = parts._replace(netloc=host)
    clean = urlunsplit(parts).rstrip("/")
    if not parts.hostname:
        raise ValueError("地址中没有主机名")
    try:
        parts.port
    except ValueError:
        raise ValueError("端口应为0至65535的数字") from None
    return Neo4jTarget(
        uri=clean,
        user=user or uri_user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or None,
        password=_first(password, uri_password, env.get("NEO4J_PASSWORD")),
        database=database or env.get("NEO4J_DATABASE") or None,
    )


def without_userinfo(uri: str) -> str:
    """The URI with anything before an '@' in its address removed, for messages, even when
    the URI cannot be parsed."""
    return re.sub(r"//.*@", "//", uri)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v is not None and v != ""), None)
