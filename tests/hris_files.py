"""HRIS files for tests: a people export of any size, assessments, the principals importing."""

from __future__ import annotations

from parcours.domain.access import Principal, Role
from parcours.services.ports import UowFactory
from tests.people_cast import TEAM_LEAD

SALT = "sel-de-test"
HR = Principal("helene.rh", frozenset({Role.HR}), channel="cli")
MANAGER = Principal(
    "marc.manager",
    frozenset({Role.MANAGER, Role.EMPLOYEE}),
    person="m-nord",
    teams=frozenset({"agence-nord"}),
)
EMPLOYEE = Principal("eve.employe", frozenset({Role.EMPLOYEE}), person="n-1")

PEOPLE_HEADER = "Matricule;Nom;Référentiel;Emploi;Équipe;Équipe nom;Manager;Date de sortie\n"


def people_file(count: int, *, start: int = 1000, extra: str = "") -> bytes:
    """A director (HR id 1) and ``count`` advisors in teams of ten led by the first of each."""
    lines = [PEOPLE_HEADER, f"1;Directrice;Banque Exemple;{TEAM_LEAD};siege;Siège;;\n"]
    for i in range(count):
        hr_id = start + i
        lead = start + (i // 10) * 10
        manager = 1 if hr_id == lead else lead
        job = TEAM_LEAD if hr_id == lead else "Conseiller à distance"
        lines.append(
            f"{hr_id};Personne {hr_id};Banque Exemple;{job};t-{i // 10};Équipe {i // 10};"
            f"{manager};\n"
        )
    return ("".join(lines) + extra).encode("utf-8-sig")


def count(uow: UowFactory) -> int:
    with uow() as u:
        return u.people.count_people()


ASSESSMENTS = (
    "pseudonyme,competence,niveau,mesure,source,date,pseudonyme_evaluateur,preuve\n"
    'n-1,Écoute active,,"3;4;2",manager,2026-01-20,m-nord,entretien\n'  # savoir-être
    "n-1,produits-bancaires,,82 %,auto-évaluation,20/01/2026,,\n"  # savoir: QCM
    "n-2,Conduite d'entretien,,4,jury,2026-02-01,,grille\n"  # savoir-faire: anchor
    "n-2,rigueur,2,,,2026-02-02,,\n"  # a level, source import by default
)
