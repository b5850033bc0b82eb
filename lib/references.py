import secrets

# No 0/O, 1/I/L: references are read aloud on the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference(prefix: str) -> str:
    """A short random reference such as "P-7F3K2Q"; uniqueness is a database constraint."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))
