"""Feedback link tokens: 256 random bits from `secrets`, stored only as their SHA-256.

The token is the whole secret of a link without an account, so it is long (32 bytes, well
over the 128 bits security.md rule 4 asks for), carries nothing about the person, and is
never stored: a copy of the database holds hashes, which open nothing.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def token_new() -> str:
    """A fresh token for a link (URL-safe base64, 43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored and looked up: the token's SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()
