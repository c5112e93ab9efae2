"""Where a fact comes from, as a reader names it: the document's title rather than its file name
("Fiche fonction « Chargé de clientèle risques »", not "000_ce38….txt"), the place in it, and
how sure the importer was.

A document has no title field: it is told by what the document holds in the referential (a
certification's title, the one job a sheet describes, the study's title in the referential's
name), with its family; the file name stays available beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parcours.domain.job import Job
from parcours.domain.mobility import Mobility
from parcours.domain.provenance import DocumentFamily, Provenance, SourceDocument
from parcours.domain.referential import Referential
from parcours.engine.casing import display
from parcours.services.exchange import referential_at
from parcours.services.ports import UowFactory

FAMILY_LABELS = {
    DocumentFamily.FICHE_FONCTION: "Fiche fonction",
    DocumentFamily.FICHE_METIER: "Fiche métier",
    DocumentFamily.CERTIFICATION: "Référentiel de certification",
    DocumentFamily.STUDY: "Étude",
    DocumentFamily.ROME: "ROME",
    DocumentFamily.ESCO: "ESCO",
    DocumentFamily.PARCOURS_JSON: "Export parcours",
}


# Lines quoted around a fact's first line, before and after it (and at most this many more
# lines of a fact that spans several).
QUOTE_MARGIN = 2
QUOTE_SPAN = 4

Lines = dict[tuple[str, int], str]


@dataclass(frozen=True, slots=True)
class QuotedLine:
    """A line of the document's text: its number, its text, whether the fact is on it."""

    number: int
    text: str
    cited: bool


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source of a fact: ``title`` of the document, ``filename``, ``position`` ("l. 12"),
    ``confidence`` (below 1: the importer guessed and warned), ``quote``: the document's
    lines around the fact when its text is kept."""

    title: str
    filename: str
    position: str | None
    confidence: float
    quote: tuple[QuotedLine, ...] = ()

    @property
    def guessed(self) -> bool:
        return self.confidence < 1.0

    def __str__(self) -> str:
        return f"{self.title}, {self.position}" if self.position else self.title


def document_titles(ref: Referential) -> dict[str, str]:
    """Each document of the referential (by sha256) with its title."""
    sheets: dict[str, list[str]] = {}
    for job in ref.jobs.values():
        if job.has_sheet and job.provenance:
            sheets.setdefault(job.provenance[0].document, []).append(job.title)
    certifications: dict[str, str] = {}
    for cert in ref.certifications.values():
        for prov in cert.provenance[:1]:
            certifications.setdefault(prov.document, cert.title)
    subject = ref.name.rsplit(" — ", 1)[-1]
    titles: dict[str, str] = {}
    for doc in ref.documents.values():
        family = FAMILY_LABELS.get(doc.family, doc.family.value)
        named = sheets.get(doc.sha256, [])
        if doc.sha256 in certifications:
            titles[doc.sha256] = f"{family} « {certifications[doc.sha256]} »"
        elif len(named) == 1:
            titles[doc.sha256] = f"{family} « {display(named[0])} »"
        elif len(ref.documents) == 1 or doc.family is DocumentFamily.STUDY:
            titles[doc.sha256] = f"{family} « {subject} »"
        else:
            titles[doc.sha256] = f"{family} ({doc.filename})"
    return titles


def _quoted_range(prov: Provenance) -> tuple[range, range] | None:
    """The lines to quote around a provenance, and the lines of the fact among them."""
    line = prov.position.line
    if line is None:
        return None
    end = min(max(prov.position.end_line or line, line), line + QUOTE_SPAN)
    return range(max(1, line - QUOTE_MARGIN), end + QUOTE_MARGIN + 1), range(line, end + 1)


def quoted_lines(uow_factory: UowFactory, facts: Iterable[Iterable[Provenance]]) -> Lines:
    """The kept lines of text these facts' sources quote (one query per document)."""
    wanted: dict[str, set[int]] = {}
    for provenance in facts:
        for prov in provenance:
            found = _quoted_range(prov)
            if found is not None:
                wanted.setdefault(prov.document, set()).update(found[0])
    if not wanted:
        return {}
    with uow_factory() as uow:
        return uow.texts.lines(wanted)


def _quote(prov: Provenance, lines: Lines | None) -> tuple[QuotedLine, ...]:
    found = _quoted_range(prov) if lines else None
    if found is None or lines is None:
        return ()
    around, cited = found
    return tuple(
        QuotedLine(n, lines[(prov.document, n)], n in cited)
        for n in around
        if (prov.document, n) in lines
    )


def sources(
    provenance: Iterable[Provenance],
    documents: dict[str, SourceDocument],
    titles: dict[str, str],
    unknown: str = "document",
    lines: Lines | None = None,
) -> list[SourceView]:
    """The sources of one fact, one per document it comes from (with the quoted passage when
    ``lines`` holds it: see ``quoted_lines``)."""
    out: list[SourceView] = []
    for prov in provenance:
        doc = documents.get(prov.document)
        filename = doc.filename if doc else f"{unknown} {prov.document[:12]}"
        where = str(prov.position)
        out.append(
            SourceView(
                title=titles.get(prov.document, filename),
                filename=filename,
                position=None if where == "?" else where,
                confidence=prov.confidence,
                quote=_quote(prov, lines),
            )
        )
    return out


def job_facts(job: Job, moves: Iterable[Mobility] = ()) -> list[list[Provenance]]:
    """The provenance of every fact a job's sheet cites: the job, its activities, its
    requirements and its moves."""
    return [
        job.provenance,
        *(a.provenance for a in job.activities),
        *(r.provenance for r in job.requirements),
        *(m.provenance for m in moves),
    ]


def titles_of(
    uow_factory: UowFactory, referential: str, version: int | None = None
) -> dict[str, str]:
    """The titles of the documents of a referential version (the latest when None)."""
    return document_titles(referential_at(uow_factory, referential, version))
