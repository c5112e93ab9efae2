"""Choosing a job (or a competency) in a form, whatever the size of the referentials.

A short list of jobs is a ``<select>``. Past ``LIST_MAX`` jobs a list is unusable (ROME 4.0's
1,584 fiches and ESCO's 2,942 occupations made the comparison page a megabyte of options), so
the field becomes a search box: ``static/picker.js`` proposes the jobs matching what is typed
(the API's ranked search); without script, the page reads the words sent: one job named, it is
chosen; several, they are listed to choose from; none, it says so. Competencies (thousands in a
bank's referential, 33,622 in ROME 4.0) are chosen the same way (``pick_competency``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from parcours.domain.errors import NotFoundError
from parcours.engine.normalise import fold
from parcours.services import search
from parcours.services.catalogue import JobSummary
from parcours.services.ports import UowFactory
from parcours.web.views import slug

# Above this many jobs a field is a search box (a select of 200 titles still reads well).
LIST_MAX = 200
# The jobs listed when the words sent name several.
CANDIDATES = 20


class ValueForm(Enum):
    """How a field names a job (what the form sends, and what picker.js writes)."""

    SLUG = "slug"  # "<referential id>:<key>"
    KEY = "key"  # "<key>" within one referential
    NAME = "name"  # "<key>" within the home referential, "<referential name>:<key>" elsewhere


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Picker:
    """One job field of a form, as the template draws it."""

    options: list[Option] | None  # None: a search box
    value: str  # the job chosen, "" when none is
    text: str  # what the search box shows: the chosen job's title, or the words sent
    form: ValueForm
    home: str | None = None  # the referential a KEY or NAME value belongs to
    scope: str | None = None  # the search box looks in this referential only (its id)
    candidates: list[Option] = field(default_factory=list)  # the words sent name several
    unknown: bool = False  # the words sent name no job
    asked: str = ""  # what the form sent
    kind: str = "job"  # what is chosen: "job" or "competency" (the search's kind)

    @property
    def searching(self) -> bool:
        return self.options is None

    @property
    def wanted(self) -> str | None:
        """What the page acts on: the job chosen; for a select, what it sent (the page
        refuses a value that is no job's, as before); None when no job is chosen."""
        if self.value:
            return self.value
        return self.asked if self.asked and not self.searching else None


def value_of(job: JobSummary, form: ValueForm, home: str | None = None) -> str:
    return _value(job.referential, job.key, form, home)


def _value(referential: str, key: str, form: ValueForm, home: str | None) -> str:
    if form is ValueForm.SLUG:
        return f"{slug(referential)}:{key}"
    if form is ValueForm.KEY or referential == home:
        return key
    return f"{referential}:{key}"


def label_of(job: JobSummary, *, with_referential: bool) -> str:
    text = f"{job.title} {job.grade}" if job.grade else job.title
    return f"{text} — {job.referential}" if with_referential else text


def pick(
    uow: UowFactory,
    jobs: Sequence[JobSummary],
    asked: str | None,
    form: ValueForm,
    *,
    home: str | None = None,
    scope: str | None = None,
) -> Picker:
    """The field choosing one of ``jobs``, given what the form sent (``asked``). A search box
    looks for the words sent among ``jobs`` (in the referential ``scope`` when given)."""
    several = len({j.referential for j in jobs}) > 1
    values = [value_of(j, form, home) for j in jobs]
    options = [
        Option(value, label_of(j, with_referential=several))
        for value, j in zip(values, jobs, strict=True)
    ]
    titles = {
        value: label_of(j, with_referential=False) for value, j in zip(values, jobs, strict=True)
    }

    def hit_value(referential: str, key: str) -> str:
        return _value(referential, key, form, home)

    return _choose(uow, options, titles, asked, "job", hit_value, form=form, home=home, scope=scope)


def pick_competency(
    uow: UowFactory, competencies: Sequence[tuple[str, str]], asked: str | None, *, scope: str
) -> Picker:
    """The field choosing one of the referential ``scope``'s ``competencies`` (key, label)."""
    options = [Option(key, label) for key, label in competencies]
    labels = dict(competencies)
    return _choose(
        uow,
        options,
        labels,
        asked,
        "competency",
        lambda _referential, key: key,
        form=ValueForm.KEY,
        home=scope,
        scope=scope,
    )


def _choose(
    uow: UowFactory,
    options: list[Option],
    titles: dict[str, str],
    asked: str | None,
    kind: str,
    hit_value: Callable[[str, str], str],
    *,
    form: ValueForm,
    home: str | None,
    scope: str | None,
) -> Picker:
    """The field over ``options`` (``titles``: each value's title, to tell the words that are
    one from words that only start several); ``hit_value`` names a search hit as a value."""
    asked = (asked or "").strip()
    by_value = {o.value: o for o in options}

    def made(value: str, text: str, found: Sequence[Option] = (), unknown: bool = False) -> Picker:
        return Picker(
            options=options if len(options) <= LIST_MAX else None,
            value=value,
            text=text,
            form=form,
            home=home,
            scope=slug(scope) if scope else None,
            candidates=list(found[:CANDIDATES]),
            unknown=unknown,
            asked=asked,
            kind=kind,
        )

    chosen = by_value.get(asked)
    if chosen is not None:
        return made(chosen.value, chosen.label)
    if not asked or len(options) <= LIST_MAX:
        return made("", "")
    # A search box sends what it shows: the label of the item chosen before, or words.
    by_label = {o.label: o for o in options}
    chosen = by_label.get(asked)
    if chosen is not None:
        return made(chosen.value, asked)
    named = _named(uow, asked, by_value, titles, kind, hit_value, scope)
    if len(named) == 1:
        return made(named[0].value, named[0].label)
    return made("", asked, named, unknown=not named)


def _named(
    uow: UowFactory,
    words: str,
    by_value: dict[str, Option],
    titles: dict[str, str],
    kind: str,
    hit_value: Callable[[str, str], str],
    scope: str | None,
) -> list[Option]:
    """The options the words name, best first (the search's ranking); only the one whose
    title is the words when there is such an option."""
    try:
        results = search.search(
            uow, words, kinds={kind}, referential=scope, limit=CANDIDATES * 3, prefix=True
        )
    except NotFoundError:
        return []
    found = [by_value.get(hit_value(h.referential, h.key)) for h in results.hits(kind)]
    named = [o for o in found if o is not None]
    wanted = fold(words)
    exact = [o for o in named if fold(titles.get(o.value, "")) == wanted]
    return exact if len(exact) == 1 else named
