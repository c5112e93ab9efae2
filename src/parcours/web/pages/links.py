"""The link review page: HR accepts, rejects, retypes or merges the proposed links.

Competency links and job links are reviewed apart (one tab each, competencies first), filtered
by status, referential, relation and minimum score, and paged. Each row has its own small form
(accept with a relation, or reject), the ticked rows can be decided or merged together, and the
whole filter can be accepted or rejected at once (``services.links.decide_many``): everything
works without JavaScript. Anyone who may read the catalogue sees the queue; proposing and
deciding are HR's (the service checks it), signed with the HR account, and the forms carry the
CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from parcours.domain.errors import ParcoursError
from parcours.domain.links import (
    RELATION_LABELS,
    STATUS_LABELS,
    Endpoint,
    Link,
    LinkKind,
    LinkRelation,
    LinkStatus,
)
from parcours.services import catalogue, links
from parcours.web.deps import Actor, Csrf, Uow, language, render
from parcours.web.i18n import translator

router = APIRouter(include_in_schema=False)

PAGE = 25
ALL = "tous"
# A page number longer than this is none (the review never holds a billion pages).
MAX_PAGE_DIGITS = 9

# What the page says after a decision (``fait`` in the URL), with the number of links:
# (singular, plural) — French puts 0 and 1 in the singular.
DONE_MESSAGES: dict[str, str | tuple[str, str]] = {
    "accepte": ("%s lien accepté.", "%s liens acceptés."),
    "rejete": ("%s lien rejeté.", "%s liens rejetés."),
    "fusionne": (
        "%s lien fusionné en une compétence canonique.",
        "%s liens fusionnés en une compétence canonique.",
    ),
    "retire": "Élément retiré de son groupe.",
    "propose": "Propositions mises à jour.",
}
GROUP_TITLES = {
    LinkKind.COMPETENCY: "Compétences canoniques",
    LinkKind.JOB: "Postes équivalents",
}
NO_GROUP = {
    LinkKind.COMPETENCY: "Aucune compétence canonique pour l'instant.",
    LinkKind.JOB: "Aucun groupe de postes équivalents pour l'instant.",
}


def _enum(cls: Any, value: str | None, default: Any) -> Any:
    try:
        return cls(value) if value else default
    except ValueError:
        return default


def _score(value: str | None) -> float | None:
    """A minimum score typed by a person: "0,7", "0.7" or "70 %" (blank: none)."""
    if not value or not value.strip():
        return None
    text = value.strip().replace(",", ".").removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        return None
    if number > 1 and number <= 100:
        number /= 100
    return number if 0.0 <= number <= 1.0 else None


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """The page's filter, read from and written to its URL (French parameter names)."""

    kind: LinkKind = LinkKind.COMPETENCY
    status: LinkStatus | None = LinkStatus.PROPOSED
    referential: str | None = None
    relation: LinkRelation | None = None
    min_score: float | None = None
    page: int = 1

    @classmethod
    def read(cls, params: dict[str, str]) -> ReviewFilter:
        page = params.get("page", "1")
        statut = params.get("statut")
        return cls(
            kind=_enum(LinkKind, params.get("type"), LinkKind.COMPETENCY),
            status=None if statut == ALL else _enum(LinkStatus, statut, LinkStatus.PROPOSED),
            referential=params.get("referentiel") or None,
            relation=_enum(LinkRelation, params.get("relation"), None),
            min_score=_score(params.get("score")),
            # Past the last page the page shows the last one; a number no page can have
            # (SQLite binds 64 bits at most) reads as the first.
            page=max(1, int(page)) if page.isdigit() and len(page) <= MAX_PAGE_DIGITS else 1,
        )

    def params(self) -> dict[str, str]:
        out = {
            "type": self.kind.value,
            "statut": self.status.value if self.status else ALL,
            "referentiel": self.referential or "",
            "relation": self.relation.value if self.relation else "",
            "score": f"{self.min_score:g}" if self.min_score is not None else "",
            "page": str(self.page) if self.page > 1 else "",
        }
        return {k: v for k, v in out.items() if v}

    def query(self, **changes: Any) -> str:
        return urlencode(replace(self, **changes).params())

    def href(self, **changes: Any) -> str:
        return f"/liens?{self.query(**changes)}"


def page_numbers(current: int, last: int) -> list[int | None]:
    """The pages to link to: all of them up to 9, else the first, the last and the current
    one's neighbours, None standing for the pages left out."""
    if last <= 9:
        return list(range(1, last + 1))
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def _decimal(lang: str) -> Any:
    def text(value: float) -> str:
        shown = f"{value:.2f}"
        return shown.replace(".", ",") if lang == "fr" else shown

    return text


@router.get("/liens", response_class=HTMLResponse)
def review_page(request: Request, uow: Uow) -> HTMLResponse:
    chosen = ReviewFilter.read(dict(request.query_params))
    queue_args: dict[str, Any] = {
        "kind": chosen.kind,
        "status": chosen.status,
        "referential": chosen.referential,
        "relation": chosen.relation,
        "min_score": chosen.min_score,
    }
    queue = links.review_queue(uow, limit=PAGE, offset=(chosen.page - 1) * PAGE, **queue_args)
    last = max(1, -(-queue.total // PAGE))
    if chosen.page > last:  # decisions emptied the last pages: show the last one left
        chosen = replace(chosen, page=last)
        queue = links.review_queue(uow, limit=PAGE, offset=(last - 1) * PAGE, **queue_args)
    counts = {
        kind: links.review_queue(
            uow,
            kind=kind,
            status=chosen.status,
            referential=chosen.referential,
            relation=chosen.relation,
            min_score=chosen.min_score,
            limit=1,
        ).total
        for kind in LinkKind
    }
    lang = language(request)
    _ = translator(lang)
    message = _message(_, request.query_params.get("fait"), request.query_params.get("n", ""))
    return render(
        request,
        "links.html",
        {
            "queue": queue,
            "chosen": chosen,
            "last": last,
            "page_numbers": page_numbers(chosen.page, last),
            "counts": counts,
            "message": message,
            "referentials": catalogue.list_referentials(uow),
            "statuses": list(LinkStatus),
            "relations": list(LinkRelation),
            "kinds": list(LinkKind),
            "status_labels": STATUS_LABELS,
            "relation_labels": RELATION_LABELS,
            "signal_labels": links.SIGNAL_LABELS,
            "kind_labels": {
                LinkKind.COMPETENCY: "Compétences",
                LinkKind.JOB: "Postes",
            },
            "group_title": GROUP_TITLES[chosen.kind],
            "no_group": NO_GROUP[chosen.kind],
            "why": lambda link: _why(link, _),
            "decimal": _decimal(lang),
            "groups": links.canonical_groups(uow, kind=chosen.kind, referential=chosen.referential),
        },
    )


def _message(_: Any, done: str | None, count: str) -> str | None:
    """What the page says after a decision, from ``fait`` and ``n`` in its URL."""
    found = DONE_MESSAGES.get(done or "")
    if found is None:
        return None
    if isinstance(found, str):
        return str(_(found))
    number = count if count.isdigit() else "0"
    return str(_(found[0] if int(number) < 2 else found[1], number))


def _why(link: Link, _: Any) -> str:
    reasons = [_(label) for label in links.why(link)]
    text = ", ".join(reasons)
    return text[:1].upper() + text[1:] + "." if text else ""


# -- decisions -----------------------------------------------------------------------------


def _back(retour: str, **extra: str) -> RedirectResponse:
    """Back to the review page with the filter it was on (only the page's own parameters: no
    redirection elsewhere) and what was done."""
    kept = {k: v for k, v in parse_qsl(retour) if k in KEYS}
    kept.update(extra)
    return RedirectResponse(f"/liens?{urlencode(kept)}", status_code=303)


KEYS = ("type", "statut", "referentiel", "relation", "score", "page")

Retour = Annotated[str, Form(max_length=2000)]


def _legacy(retour: str, statut: str, referentiel: str) -> str:
    """The return query of forms that send ``statut`` and ``referentiel`` instead."""
    if retour:
        return retour
    return urlencode({k: v for k, v in (("statut", statut), ("referentiel", referentiel)) if v})


def _relation(value: str) -> LinkRelation | None:
    if not value:
        return None
    try:
        return LinkRelation(value)
    except ValueError as exc:
        raise ParcoursError(f"relation inconnue : « {value} »") from exc


@router.post("/liens/{link_id}/decision", dependencies=[Csrf])
def decide_one(
    uow: Uow,
    actor: Actor,
    link_id: str,
    action: Annotated[str, Form()],
    relation: Annotated[str, Form()] = "",
    retour: Retour = "",
) -> RedirectResponse:
    """One row's decision: accept (with the relation chosen in the row) or reject."""
    if action == "accepter":
        links.accept_link(uow, actor, link_id, relation=_relation(relation))
        return _back(retour, fait="accepte", n="1")
    if action == "rejeter":
        links.reject_link(uow, actor, link_id)
        return _back(retour, fait="rejete", n="1")
    raise ParcoursError(f"décision inconnue : « {action} »")


@router.post("/liens/decider", dependencies=[Csrf])
def decide(
    uow: Uow,
    actor: Actor,
    action: Annotated[str, Form()],
    lien: Annotated[list[str] | None, Form()] = None,
    statut: Annotated[str, Form()] = "",
    referentiel: Annotated[str, Form()] = "",
    retour: Retour = "",
) -> RedirectResponse:
    """The ticked links: accept or reject them, or merge them into one canonical group."""
    chosen = lien or []
    back = _legacy(retour, statut, referentiel)
    if not chosen:
        return _back(back)
    if action == "accepter":
        for link_id in chosen:
            links.accept_link(uow, actor, link_id)
        return _back(back, fait="accepte", n=str(len(chosen)))
    if action == "rejeter":
        for link_id in chosen:
            links.reject_link(uow, actor, link_id)
        return _back(back, fait="rejete", n=str(len(chosen)))
    if action == "fusionner":
        links.merge_links(uow, actor, chosen)
        return _back(back, fait="fusionne", n=str(len(chosen)))
    raise ParcoursError(f"décision inconnue : « {action} »")


@router.post("/liens/decider-tout", dependencies=[Csrf])
def decide_all(
    uow: Uow,
    actor: Actor,
    action: Annotated[str, Form()],
    type: Annotated[str, Form()] = LinkKind.COMPETENCY.value,
    referentiel: Annotated[str, Form()] = "",
    relation: Annotated[str, Form()] = "",
    score: Annotated[str, Form()] = "",
    attendu: Annotated[str, Form()] = "",
    retour: Retour = "",
) -> RedirectResponse:
    """Every proposed link of the filter at once (``attendu``: the number the page showed;
    when the queue changed in between nothing is decided and the page says so)."""
    if action not in ("accepter", "rejeter"):
        raise ParcoursError(f"décision inconnue : « {action} »")
    outcome = links.decide_many(
        uow,
        actor,
        LinkStatus.ACCEPTED if action == "accepter" else LinkStatus.REJECTED,
        kind=_enum(LinkKind, type, LinkKind.COMPETENCY),
        referential=referentiel or None,
        relation=_relation(relation),
        min_score=_score(score),
        expected=int(attendu) if attendu.isdigit() else None,
    )
    done = "accepte" if action == "accepter" else "rejete"
    return _back(retour, fait=done, n=str(outcome.decided))


@router.post("/liens/groupes/{group_id}/retirer", dependencies=[Csrf])
def split(
    uow: Uow,
    actor: Actor,
    group_id: str,
    membre: Annotated[str, Form()],
    retour: Retour = "",
) -> RedirectResponse:
    """Take one member (``referential`` + tab + ``key``) out of its canonical group."""
    referential, _, key = membre.partition("\t")
    links.split_member(uow, actor, group_id, Endpoint(referential, key))
    return _back(retour or "statut=accepted", fait="retire")


@router.post("/liens/proposer", dependencies=[Csrf])
def propose(uow: Uow, actor: Actor, retour: Retour = "") -> RedirectResponse:
    """Propose links between the organisation's documents, and between them and the
    references (not between two references: the command line links those when asked):
    competencies, then jobs."""
    links.propose_links(uow, actor, kind=LinkKind.COMPETENCY, references_together=False)
    links.propose_links(uow, actor, kind=LinkKind.JOB, references_together=False)
    return _back(retour, fait="propose")
