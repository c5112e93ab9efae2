"""The ROME importer on the ROME v3 export (Pôle emploi, v344, numbered file names).

The real files are read from $PARCOURS_SHARED_DIR/data/external/rome-v344/csv; the counts its
SOURCE.md states are checked, the other figures recomputed from the CSV files independently.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Provenance
from parcours.domain.referential import Referential
from parcours.ingest.pipeline import bundle_members, is_bundle, parse_bundle
from parcours.ingest.rome_export import ROME_3, split_name
from tests.conftest import shared_dir

FOLDER = "rome-v344"
NAME = "ROME v3 (v344)"
NUMBERS = {
    "referentiel_code_rome": 3,
    "liens_rome_referentiels": 4,
    "referentiel_env_travail": 5,
    "referentiel_competence": 6,
    "referentiel_activite": 7,
    "referentiel_appellation": 9,
    "texte": 11,
    "rubrique_mobilite": 12,
    "composition_bloc": 14,
    "cr_gd_dp": 20,
    "coherence_item": 22,
}


def name(table: str) -> str:
    return f"{NUMBERS[table]}-{table}_v344_utf8.csv"


def rome_v3_path() -> Path:
    return shared_dir() / "data" / "external" / FOLDER / "csv"


@cache
def v3_files() -> dict[str, bytes]:
    folder = rome_v3_path()
    if not folder.is_dir():
        pytest.fail(f"the ROME v3 export is missing: {folder} (set PARCOURS_SHARED_DIR)")
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@cache
def v3_draft() -> ImportDraft:
    return parse_bundle(FOLDER, v3_files())


@cache
def records(table: str) -> list[dict[str, str]]:
    text = v3_files()[name(table)].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def sha_of(table: str) -> str:
    return hashlib.sha256(v3_files()[name(table)]).hexdigest()


@cache
def lines_of(sha: str) -> list[str]:
    (table,) = [t for t in NUMBERS if sha_of(t) == sha]
    return v3_files()[name(table)].decode("utf-8").split("\n")


def cited(provenance: Provenance) -> list[str]:
    """The fields of the (one-line) record a provenance points at."""
    line = provenance.position.line
    assert line is not None and provenance.position.end_line is None
    return next(csv.reader([lines_of(provenance.document)[line - 1]]))


@pytest.fixture(scope="module")
def part() -> Referential:
    (found,) = v3_draft().parts
    return found


def test_the_numbered_files_are_recognised_as_a_rome_v3_bundle() -> None:
    names = list(v3_files())
    assert is_bundle(names)
    assert bundle_members(names) == [name(t.name) for t in ROME_3.tables]
    assert split_name(name("rubrique_mobilite")) == ("rubrique_mobilite", "344")
    assert split_name("16-referentiel_code_rome_riasec_v344_utf8.csv") is None
    draft = v3_draft()
    assert (draft.document.filename, draft.document.family) == (FOLDER, DocumentFamily.ROME)


def test_532_fiches_with_their_codes_domains_and_appellations(part: Referential) -> None:
    assert (part.name, part.organisation) == (NAME, "Pôle emploi")
    fiches = records("referentiel_code_rome")
    assert len(fiches) == len(part.jobs) == 532
    for record in fiches:
        job = part.jobs[record["code_rome"].lower()]
        assert (job.code, job.title) == (record["code_rome"], record["libelle_rome"])
        assert job.has_sheet and job.family and job.filiere
    assert len({j.family for j in part.jobs.values()}) == 14
    assert len({j.filiere for j in part.jobs.values()}) == 110
    titles: dict[str, list[str]] = {}
    for r in records("referentiel_appellation"):
        listed = titles.setdefault(r["code_rome"], [])
        if r["libelle_appellation_long"] not in listed:
            listed.append(r["libelle_appellation_long"])
    assert len(records("referentiel_appellation")) == 11096
    for code, listed in titles.items():
        assert part.jobs[code.lower()].alt_titles == listed


def test_texts_purpose_access_and_conditions(part: Referential) -> None:
    kinds = Counter(r["libelle_type_texte"] for r in records("texte"))
    assert kinds == {"definition": 1502, "acces_a_em": 1728, "cond_exercice_activite": 1820}
    assert sum(len(j.purpose) for j in part.jobs.values()) == 1502
    assert sum(len(j.access_conditions) for j in part.jobs.values()) == 1728
    for job in part.jobs.values():
        assert all("''" not in s for s in job.purpose + job.access_conditions)
    job = part.jobs["d1403"]
    conditions = sorted(
        (int(r["position_libelle_txt"]), r["libelle_texte"].replace("''", "'"))
        for r in records("texte")
        if r["code_rome"] == "D1403" and r["libelle_type_texte"] == "cond_exercice_activite"
    )
    assert job.environment is not None
    assert job.environment.endswith(" ".join(text for _, text in conditions))
    assert job.workplace is not None and job.workplace.startswith("STRUCTURES : ")


def test_savoirs_and_activities_are_competencies(part: Referential) -> None:
    savoirs, activities = records("referentiel_competence"), records("referentiel_activite")
    assert (len(savoirs), len(activities)) == (4930, 8983)
    codes = Counter(c.kind for c in part.competencies.values() for _ in c.codes)
    assert codes == {CompetencyKind.SAVOIR: 4930, CompetencyKind.SAVOIR_FAIRE: 8983}
    merged = [w for w in v3_draft().warnings if w.code == "libelle-commun"]
    assert len(part.competencies) == 4930 + 8983 - len(merged)
    by_code = {code: c for c in part.competencies.values() for code in c.codes}
    for r in activities[::101]:
        comp = by_code[r["code_ogr"]]
        assert comp.category == r["libelle_type_activite"]
        assert comp.label == r["libelle_activite"] or len(comp.codes) > 1


def test_requirements_with_the_base_activities_as_essential(part: Referential) -> None:
    items = {r["code_ogr"] for r in records("referentiel_competence")} | {
        r["code_ogr"] for r in records("referentiel_activite")
    }
    links = [r for r in records("coherence_item") if r["code_ogr"] in items]
    assert len(records("coherence_item")) == 32273 and len(links) == 26538
    blocks = {r["code_compo_bloc"]: r["libelle_bloc"] for r in records("composition_bloc")}
    base = {
        (r["code_rome"], r["code_ogr"])
        for r in records("liens_rome_referentiels")
        if blocks[r["code_compo_bloc"]] == "Activités de base"
    }
    requirements = [r for job in part.jobs.values() for r in job.requirements]
    coherence, placed = sha_of("coherence_item"), sha_of("liens_rome_referentiels")
    assert sum(1 for r in requirements for p in r.provenance if p.document == coherence) == 26538
    essential = {
        (job.code, code)
        for job in part.jobs.values()
        for r in job.requirements
        if r.importance is Importance.ESSENTIAL
        for code in part.competencies[r.competency].codes
    }
    assert {pair for pair in base if pair[1] in items} <= essential
    for job in list(part.jobs.values())[::17]:
        for req in job.requirements:
            assert [p.document for p in req.provenance][:2] == [coherence, placed]
            for p in req.provenance:
                code, item = cited(p)[:2]
                assert code == job.code and item in part.competencies[req.competency].codes
            pairs = {tuple(cited(p)[:2]) for p in req.provenance}
            assert (req.importance is Importance.ESSENTIAL) == bool(pairs & base)
    assert not [w for w in v3_draft().warnings if w.code == "bloc-inconnu"]


def test_4009_typed_moves(part: Referential) -> None:
    rows = records("rubrique_mobilite")
    assert Counter(r["libelle_type_mobilite"] for r in rows) == {"Proche": 1922, "Evolution": 2301}
    pairs = {(r["code_rome"], r["code_rome_cible"]) for r in rows}
    assert len(pairs) == len(part.mobilities) == 4009
    kinds = {"Proche": MobilityKind.HORIZONTAL, "Evolution": MobilityKind.VERTICAL}
    expected = {
        (r["code_rome"].lower(), r["code_rome_cible"].lower(), kinds[r["libelle_type_mobilite"]])
        for r in rows
    }
    assert {(m.source, m.target, m.kind) for m in part.mobilities} == expected
    moves = sha_of("rubrique_mobilite")
    assert sum(len(m.provenance) for m in part.mobilities) == 4223  # appellation-level lines too
    for move in part.mobilities:
        assert move.origin is MobilityOrigin.DECLARED
        for p in move.provenance:
            fields = cited(p)
            assert p.document == moves
            assert (fields[0].lower(), fields[1].lower()) == (move.source, move.target)
            assert kinds[fields[5]] is move.kind
    sources = [m.source for m in part.mobilities]
    assert sources == sorted(sources)  # grouped by fiche, in the fiches' order


def test_both_naming_schemes_give_the_same_referential() -> None:
    renamed = {}
    for filename, data in v3_files().items():
        match = re.match(r"^\d+-(.*)$", filename)
        renamed[f"unix_{match[1]}" if match else filename] = data
    draft = parse_bundle(FOLDER, renamed)
    assert draft.parts[0].jobs == v3_draft().parts[0].jobs
    assert draft.parts[0].competencies == v3_draft().parts[0].competencies
    assert draft.parts[0].mobilities == v3_draft().parts[0].mobilities
    assert "unix_rubrique_mobilite_v344_utf8.csv" in {
        d.filename for d in draft.parts[0].documents.values()
    }


def test_everything_missing_is_reported_at_once_naming_the_folder() -> None:
    files = dict(v3_files())
    del files[name("rubrique_mobilite")], files[name("referentiel_activite")]
    links = name("coherence_item")
    files[links] = files[links].replace(b'"code_ogr"', b'"code_item"', 1)
    texts = name("texte")
    files[texts] = files[texts].replace(b'"position_libelle_txt"', b'"position"', 1)
    with pytest.raises(DocumentError) as error:
        parse_bundle(FOLDER, files)
    assert error.value.filename == FOLDER
    reason = error.value.reason
    assert reason.startswith(f"export ROME v3 du dossier {FOLDER} incomplet, 4 manque(s) : ")
    assert "N-referentiel_activite_v344_utf8.csv : fichier absent" in reason
    assert "N-rubrique_mobilite_v344_utf8.csv : fichier absent" in reason
    assert f"{links} : colonne(s) absente(s) : code_ogr" in reason
    assert f"{texts} : colonne(s) absente(s) : position_libelle_txt" in reason


def test_a_rome_v4_folder_is_not_asked_for_v3_files() -> None:
    v4 = shared_dir() / "data" / "external" / "rome-v460"
    names = [p.name for p in v4.iterdir()]
    members = bundle_members(names)
    assert "unix_liens_rome_referentiels_v460_utf8.csv" in names
    assert not [m for m in members if "liens_rome" in m or "composition_bloc" in m]
