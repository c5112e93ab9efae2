"""Hypothesis strategies for whole referentials, to check the store keeps any of them intact.

Text excludes NUL, which PostgreSQL refuses in text columns, and lone surrogates, which
no UTF-8 database can hold; everything else Unicode has is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import strategies as st

from parcours.domain.certification import (
    Block,
    Certification,
    CertificationActivity,
    CertificationCompetency,
    RuleKind,
    ValidationRule,
)
from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Activity, Job
from parcours.domain.mobility import Mobility, MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Position, Provenance, SourceDocument
from parcours.domain.referential import Matrix, MatrixRow, Note, Referential
from parcours.domain.training import Training

T = TypeVar("T")

texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)
maybe_texts = st.none() | texts
text_lists = st.lists(texts, max_size=3)
small_ints = st.integers(min_value=0, max_value=2**31 - 1)
shas = st.text("0123456789abcdef", min_size=64, max_size=64)

positions = st.builds(
    Position, st.none() | small_ints, st.none() | small_ints, st.none() | small_ints
)
provenance_lists = st.lists(
    st.builds(Provenance, shas, positions, st.floats(min_value=0.0, max_value=1.0)), max_size=3
)
documents = st.builds(
    SourceDocument, shas, texts, texts, st.sampled_from(DocumentFamily), st.integers(0, 2**62)
)


def short_lists(items: st.SearchStrategy[T]) -> st.SearchStrategy[list[T]]:
    return st.lists(items, max_size=3)


def keyed(build: Callable[..., T], **fields: Any) -> st.SearchStrategy[dict[str, T]]:
    """A dict of items built from ``fields``, keyed by their (unique) ``key``."""
    items = st.lists(st.builds(build, key=texts, **fields), max_size=3, unique_by=_key)
    return items.map(lambda values: {_key(value): value for value in values})


def _key(value: Any) -> str:
    return str(value.key)


activities = st.builds(Activity, texts, maybe_texts, maybe_texts, provenance_lists)
requirements = st.builds(
    Requirement,
    texts,
    st.sampled_from(Importance),
    st.none() | st.integers(1, 4),
    provenance_lists,
)
jobs = keyed(
    Job,
    title=texts,
    grade=maybe_texts,
    classification=maybe_texts,
    level=maybe_texts,
    family=maybe_texts,
    filiere=maybe_texts,
    metier=maybe_texts,
    purpose=text_lists,
    activities=short_lists(activities),
    alt_titles=text_lists,
    access_conditions=text_lists,
    reporting_line=maybe_texts,
    workplace=maybe_texts,
    headcount=maybe_texts,
    employer=maybe_texts,
    environment=maybe_texts,
    url=maybe_texts,
    has_sheet=st.booleans(),
    requirements=short_lists(requirements),
    provenance=provenance_lists,
)
competencies = keyed(
    Competency,
    label=texts,
    kind=st.sampled_from(CompetencyKind),
    category=maybe_texts,
    domain=maybe_texts,
    definition=maybe_texts,
    indicators=text_lists,
    details=text_lists,
    codes=text_lists,
    provenance=provenance_lists,
)
mobilities = st.builds(
    Mobility,
    texts,
    texts,
    st.sampled_from(MobilityKind),
    st.sampled_from(MobilityOrigin),
    provenance_lists,
)
certification_competencies = st.builds(
    CertificationCompetency,
    texts,
    texts,
    maybe_texts,
    text_lists,
    text_lists,
    text_lists,
    provenance_lists,
)
certifications = keyed(
    Certification,
    title=texts,
    level=maybe_texts,
    blocks=short_lists(
        st.builds(Block, texts, texts, short_lists(certification_competencies), provenance_lists)
    ),
    activities=short_lists(
        st.builds(CertificationActivity, texts, texts, text_lists, provenance_lists)
    ),
    rules=short_lists(
        st.builds(
            ValidationRule,
            st.sampled_from(RuleKind),
            texts,
            st.none() | st.floats(allow_nan=False, allow_infinity=False),
            text_lists,
            provenance_lists,
        )
    ),
    provenance=provenance_lists,
)
trainings = keyed(
    Training,
    title=texts,
    duration=maybe_texts,
    validation=maybe_texts,
    competencies=text_lists,
    transitions=short_lists(st.tuples(texts, texts)),
    provenance=provenance_lists,
)
matrices = st.builds(
    Matrix,
    texts,
    texts,
    texts,
    text_lists,
    text_lists,
    short_lists(
        st.builds(MatrixRow, texts, st.lists(st.booleans()), maybe_texts, provenance_lists)
    ),
    provenance_lists,
)
referentials = st.builds(
    Referential,
    name=st.just("prop"),
    organisation=maybe_texts,
    description=maybe_texts,
    version=st.just(0),
    documents=st.dictionaries(texts, documents, max_size=3),
    jobs=jobs,
    competencies=competencies,
    mobilities=short_lists(mobilities),
    certifications=certifications,
    trainings=trainings,
    matrices=short_lists(matrices),
    notes=short_lists(st.builds(Note, texts, texts, provenance_lists)),
)
