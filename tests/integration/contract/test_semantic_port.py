"""EmbeddingStore (services/ports/semantic.py): the fake and the SQL store alike."""

from __future__ import annotations

from parcours.services.ports import UowFactory


def test_vectors_are_kept_by_digest_once(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        assert uow.embeddings.vectors(["d1"]) == {}
        uow.embeddings.add_vectors("m", 2, {"d1": b"\x01\x02", "d2": b"\x03\x04"})
        uow.commit()
    with port_uow() as uow:
        # a digest already stored keeps its first vector
        uow.embeddings.add_vectors("m", 2, {"d1": b"\xff\xff", "d3": b"\x05\x06"})
        assert uow.embeddings.vectors(iter(["d3", "d1", "d9", "d1"])) == {
            "d1": b"\x01\x02",
            "d3": b"\x05\x06",
        }
        uow.commit()
    with port_uow() as uow:
        assert uow.embeddings.vectors(["d2", "d3"]) == {"d2": b"\x03\x04", "d3": b"\x05\x06"}
        assert uow.embeddings.vectors([]) == {}


def test_what_is_not_committed_is_not_kept(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        uow.embeddings.add_vectors("m", 1, {"d1": b"\x01"})
    with port_uow() as uow:
        assert uow.embeddings.vectors(["d1"]) == {}
