"""Capability links (calendar feed, the volunteer's reading link): a random secret goes to the
person once; only its SHA-256 digest is stored, so a copy of the database holds no working link."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
