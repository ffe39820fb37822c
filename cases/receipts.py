"""The receipt code a member of the public is given for a referral they made on the public
page, instead of the case's reference: a case reference is sequential (SI-2026-0042), so it
would tell anyone how many cases there are. The code is random, from an alphabet with no
characters that are easily mistaken for one another (no 0, O, 1, I, L or U), read out on the
telephone in groups: "K7QX-9MRP-2D". The business unit finds the case by it."""

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 10
GROUPS = (4, 4, 2)
# A code as a person may type it: its characters, with spaces or dashes anywhere.
TYPED = re.compile(rf"^[{ALPHABET}{ALPHABET.lower()}\s-]+$")


def new_code() -> str:
    """A random code, as stored: 10 characters, no dashes (30**10: about 6 x 10**14)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """The stored code as shown and read out: K7QX-9MRP-2D."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(part for part in parts if part)


def as_stored(typed: str) -> str:
    """What was typed, as a code is stored (capitals, no spaces or dashes), or "" when it
    cannot be a code."""
    if not TYPED.match(typed or ""):
        return ""
    code = re.sub(r"[\s-]", "", typed).upper()
    return code if len(code) == LENGTH else ""
