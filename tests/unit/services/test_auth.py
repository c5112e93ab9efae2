"""The production password hash: Argon2id with RFC 9106 parameters (the tests hash cheaply)."""

from __future__ import annotations

from argon2 import PasswordHasher

from parcours.services import auth


def _production() -> PasswordHasher:
    return PasswordHasher(
        time_cost=auth.ARGON2_TIME_COST,
        memory_cost=auth.ARGON2_MEMORY_KIB,
        parallelism=auth.ARGON2_LANES,
    )


def test_production_hashes_are_argon2id_with_strong_parameters() -> None:
    assert auth.ARGON2_MEMORY_KIB >= 19 * 1024 and auth.ARGON2_TIME_COST >= 2  # OWASP minimum
    digest = _production().hash("cheval-batterie-agrafe-42")
    assert digest.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_cheap_hash_is_upgraded_to_the_production_parameters() -> None:
    production = _production()
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("x" * 12)
    assert production.check_needs_rehash(cheap)
