"""The ESCO importer: the real export (v1.0, French labels) and small made-up bundles.

The real files are read from $PARCOURS_SHARED_DIR/data/external/esco-v1.0-fr; the counts its
SOURCE.md states are checked here, and every other figure is recomputed from the CSV files
independently of the importer. The made-up bundles use invented URIs (example.org) and labels.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError
from parcours.domain.provenance import DocumentFamily, Provenance
from parcours.domain.referential import Referential
from parcours.ingest import bundle
from parcours.ingest.esco import (
    BROADER_DETAIL,
    REQUIRED,
    EscoImporter,
    referential_name,
    split_name,
    uri_key,
)
from parcours.ingest.pipeline import bundle_members, is_bundle, parse_bundle
from tests.conftest import shared_dir

FOLDER = "esco-v1.0-fr"
NAME = "ESCO (v1.0, fr)"
OCCUPATIONS = "occupations_fr.csv"
SKILLS = "skills_fr.csv"
GROUPS = "ISCOGroups_fr.csv"
SKILL_GROUPS = "skillGroups_fr.csv"
OCC_BROADER = "broaderRelationsOccPillar.csv"
SKILL_BROADER = "broaderRelationsSkillPillar.csv"
MEMBERS = [GROUPS, OCCUPATIONS, OCC_BROADER, SKILL_GROUPS, SKILLS, SKILL_BROADER]


def esco_path() -> Path:
    return shared_dir() / "data" / "external" / FOLDER


@cache
def esco_files() -> dict[str, bytes]:
    folder = esco_path()
    if not folder.is_dir():
        pytest.fail(f"the ESCO export is missing: {folder} (set PARCOURS_SHARED_DIR)")
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@cache
def esco_draft() -> ImportDraft:
    return parse_bundle(FOLDER, esco_files())


@cache
def records(filename: str) -> list[dict[str, str]]:
    """The records of a real file, read independently of the importer."""
    text = esco_files()[filename].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def sha_of(filename: str) -> str:
    return hashlib.sha256(esco_files()[filename]).hexdigest()


@cache
def lines_of(sha: str) -> list[str]:
    (name,) = [n for n in MEMBERS if sha_of(n) == sha]
    return esco_files()[name].decode("utf-8").split("\n")


def cited(provenance: Provenance) -> str:
    """The text of the line(s) a provenance points at."""
    position = provenance.position
    assert position.line is not None
    return "\n".join(
        lines_of(provenance.document)[position.line - 1 : position.end_line or position.line]
    )


@pytest.fixture(scope="module")
def part() -> Referential:
    draft = esco_draft()
    assert len(draft.parts) == 1
    return draft.parts[0]


# --- detection --------------------------------------------------------------------------------


def test_the_esco_folder_is_one_bundle_of_six_files() -> None:
    names = list(esco_files())
    assert is_bundle(names)
    assert isinstance(bundle.detect(names), EscoImporter)
    assert bundle_members(names) == MEMBERS  # SOURCE.md is not read
    rome = shared_dir() / "data" / "external" / "rome-v460"
    assert not isinstance(bundle.detect(p.name for p in rome.iterdir()), EscoImporter)
    # A lone file named like an ESCO table is no export.
    assert not is_bundle(["skills.csv", "notes.txt"])
    assert is_bundle([OCCUPATIONS, SKILLS])  # incomplete: recognised, so that the parse says why


def test_file_names_and_referential_names() -> None:
    assert split_name(OCCUPATIONS) == ("occupations", "fr")
    assert split_name("broaderRelationsSkillPillar_en.csv") == ("broaderRelationsSkillPillar", "en")
    assert split_name(OCC_BROADER) == ("broaderRelationsOccPillar", "")
    assert split_name("occupationSkillRelations.csv") == ("occupationSkillRelations", "")
    assert split_name("skillsHierarchy_fr.csv") is None and split_name("SOURCE.md") is None
    assert referential_name(FOLDER, "fr") == NAME
    assert referential_name("ESCO_V1.2.0", "en") == "ESCO (v1.2.0, en)"
    assert referential_name("export", "fr") == "ESCO (fr)"
    assert referential_name("export", "") == "ESCO"
    assert uri_key("http://data.europa.eu/esco/skill/0005c151-5b5a") == "0005c151-5b5a"


# --- the real export --------------------------------------------------------------------------


def test_the_bundle_is_one_document_made_of_its_csv_files(part: Referential) -> None:
    document = esco_draft().document
    pairs = sorted((n, sha_of(n)) for n in MEMBERS)
    expected = hashlib.sha256("".join(f"{n}\0{sha}\n" for n, sha in pairs).encode()).hexdigest()
    assert (document.sha256, document.filename, document.family) == (
        expected,
        FOLDER,
        DocumentFamily.ESCO,
    )
    assert set(part.documents) == {f"{FOLDER}/{n}" for n in MEMBERS}
    assert (part.name, part.organisation) == (NAME, "Commission européenne")
    assert not part.mobilities  # this export has no occupation-skill relations, no moves


def test_2942_occupations_with_their_uri_isco_group_and_alternative_labels(
    part: Referential,
) -> None:
    occupations = records(OCCUPATIONS)
    assert len(occupations) == len(part.jobs) == 2942
    for record in occupations:
        uri = record["conceptUri"]
        job = part.jobs[uri.rsplit("/", 1)[1]]
        assert (job.title, job.url, job.code) == (
            record["preferredLabel"],
            uri,
            record["iscoGroup"],
        )
        alt = [a.strip() for a in record["altLabels"].split("\n") if a.strip()]
        assert job.alt_titles == list(dict.fromkeys(alt))
        assert job.has_sheet and not job.requirements and not job.purpose  # descriptions empty
    assert sum(len(j.alt_titles) for j in part.jobs.values()) > 11000


def test_the_isco_groups_make_family_filiere_and_metier(part: Referential) -> None:
    labels = {r["code"]: r["preferredLabel"] for r in records(GROUPS)}
    assert len(labels) == 619
    for job in part.jobs.values():
        assert job.code is not None and len(job.code) == 4
        assert (job.family, job.filiere, job.metier) == (
            labels[job.code[0]],
            labels[job.code[:2]],
            labels[job.code],
        )
    assert len({j.family for j in part.jobs.values()}) == 10  # the ISCO major groups
    # The occupation -> ISCO group relations agree with the iscoGroup column, and are cited.
    occ_broader = sha_of(OCC_BROADER)
    to_groups = [
        r
        for r in records(OCC_BROADER)
        if (r["conceptType"], r["broaderType"]) == ("Occupation", "ISCOGroup")
    ]
    assert len(to_groups) == 1702
    cited_jobs = [
        j for j in part.jobs.values() if any(p.document == occ_broader for p in j.provenance)
    ]
    assert len(cited_jobs) == 1702
    assert not [w for w in esco_draft().warnings if w.code == "groupe-contradictoire"]


def test_13485_skills_with_kind_reuse_level_and_uri(part: Referential) -> None:
    skills = records(SKILLS)
    assert len(skills) == len(part.competencies) == 13485
    kinds = Counter(c.kind for c in part.competencies.values())
    types = Counter(r["skillType"] for r in skills)
    assert kinds[CompetencyKind.SAVOIR] == types["knowledge"] == 2902
    assert kinds[CompetencyKind.SAVOIR_FAIRE] == types["skill/competence"] + 1 == 10583
    levels = {
        "transversal": "transversale",
        "cross-sector": "intersectorielle",
        "sector-specific": "spécifique à un secteur",
        "occupation-specific": "spécifique à une profession",
    }
    for record in skills:
        comp = part.competencies[uri_key(record["conceptUri"])]
        assert (comp.label, comp.codes) == (record["preferredLabel"], [record["conceptUri"]])
        assert comp.category == levels[record["reuseLevel"]]
        assert comp.definition is None  # descriptions are empty in this export
    # The one skill typed both ways is a savoir-faire, reported, with a lower confidence.
    (warning,) = esco_draft().warnings
    assert warning.code == "categorie-inconnue" and "skill/competence knowledge" in warning.message
    (ambiguous,) = [r for r in skills if r["skillType"] not in ("knowledge", "skill/competence")]
    comp = part.competencies[uri_key(ambiguous["conceptUri"])]
    assert comp.kind is CompetencyKind.SAVOIR_FAIRE and comp.provenance[0].confidence == 0.5


def test_broader_skills_and_groups_are_domains_and_details(part: Referential) -> None:
    labels = {r["conceptUri"]: r["preferredLabel"] for r in records(SKILLS) + records(SKILL_GROUPS)}
    broader: dict[str, list[str]] = {}
    for r in records(SKILL_BROADER):
        if r["conceptType"] == "KnowledgeSkillCompetence":
            named = broader.setdefault(r["conceptUri"], [])
            if labels[r["broaderUri"]] not in named:
                named.append(labels[r["broaderUri"]])
    assert len(broader) == 5290  # the other 8,195 skills have no broader concept here
    for record in records(SKILLS):
        comp = part.competencies[uri_key(record["conceptUri"])]
        alt = list(dict.fromkeys(a.strip() for a in record["altLabels"].split("\n") if a.strip()))
        above = broader.get(record["conceptUri"], [])
        assert comp.domain == (above[0] if above else None)
        assert comp.details == alt + [BROADER_DETAIL + label for label in above[1:]]
    several = sum(1 for above in broader.values() if len(above) > 1)
    assert several > 1000


def test_every_fact_cites_its_lines(part: Referential) -> None:
    shas = {sha_of(n) for n in MEMBERS}
    provenance = [p for j in part.jobs.values() for p in j.provenance]
    provenance += [p for c in part.competencies.values() for p in c.provenance]
    assert {p.document for p in provenance} == shas
    assert all(p.position.line and p.position.line > 1 for p in provenance)
    groups, occ_broader = sha_of(GROUPS), sha_of(OCC_BROADER)
    for job in list(part.jobs.values())[::37]:
        first, *rest = job.provenance
        assert first.document == sha_of(OCCUPATIONS) and cited(first).startswith(
            f"Occupation,{job.url},"
        )
        for p in rest:
            if p.document == groups:
                assert cited(p).split(",")[2] in (
                    job.code,
                    (job.code or "")[:1],
                    (job.code or "")[:2],
                )
            else:
                assert p.document == occ_broader and cited(p).startswith(f"Occupation,{job.url},")
    for comp in list(part.competencies.values())[::53]:
        first, *rest = comp.provenance
        assert first.document == sha_of(SKILLS) and f",{comp.codes[0]}," in cited(first)
        relations = [p for p in rest if p.document == sha_of(SKILL_BROADER)]
        assert all(
            cited(p).startswith(f"KnowledgeSkillCompetence,{comp.codes[0]},") for p in relations
        )
        for p in rest:
            if p.document != sha_of(SKILL_BROADER):  # the line naming a skill group
                assert p.document == sha_of(SKILL_GROUPS)
                label = next(csv.reader([cited(p)]))[2]
                assert label == comp.domain or BROADER_DETAIL + label in comp.details
        assert len(relations) == (1 if comp.domain else 0) + sum(
            d.startswith(BROADER_DETAIL) for d in comp.details
        )


def test_parsing_is_deterministic_whatever_the_order_of_the_files() -> None:
    again = parse_bundle(FOLDER, dict(reversed(list(esco_files().items()))))
    first = esco_draft()
    assert again.document == first.document and again.parts == first.parts
    assert list(again.parts[0].jobs) == list(first.parts[0].jobs)


# --- an incomplete or damaged export ----------------------------------------------------------


def test_everything_missing_is_reported_at_once() -> None:
    files = {n: d for n, d in esco_files().items() if n not in (SKILLS, GROUPS)}
    files[OCCUPATIONS] = files[OCCUPATIONS].replace(b"iscoGroup", b"groupe", 1)
    with pytest.raises(DocumentError) as error:
        parse_bundle(FOLDER, files)
    assert error.value.filename == FOLDER
    reason = error.value.reason
    assert reason.startswith(f"export ESCO du dossier {FOLDER} incomplet, 3 manque(s) : ")
    assert f"{GROUPS} : fichier absent" in reason and f"{SKILLS} : fichier absent" in reason
    assert f"{OCCUPATIONS} : colonne(s) absente(s) : iscoGroup" in reason


def test_one_missing_file_is_named_with_the_folder() -> None:
    files = {n: d for n, d in esco_files().items() if n != SKILL_BROADER}
    with pytest.raises(DocumentError) as error:
        parse_bundle(FOLDER, files)
    assert error.value.filename == f"{FOLDER}/{SKILL_BROADER}"
    assert error.value.reason == f"{SKILL_BROADER} : fichier absent du dossier {FOLDER}"


def test_mixed_languages_are_refused() -> None:
    files = {**mini_bundle(), "skills_en.csv": mini_bundle()["skills_fr.csv"]}
    with pytest.raises(DocumentError, match="plusieurs langues mélangés : en, fr"):
        parse_bundle("mini", files)


def test_a_truncated_file_is_named_with_its_line() -> None:
    files = dict(mini_bundle())
    files[SKILLS] = (
        files[SKILLS] + b'KnowledgeSkillCompetence,http://example.org/s/9,knowledge,"x\n'
    )
    with pytest.raises(DocumentError) as error:
        parse_bundle("mini", files)
    assert error.value.filename == f"mini/{SKILLS}" and "tronqué" in error.value.reason


# --- a made-up bundle: every rule ------------------------------------------------------------

OCC = "http://example.org/esco/occupation/"
SKILL = "http://example.org/esco/skill/"
ISCO = "http://example.org/esco/isco/"


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def mini_bundle() -> dict[str, bytes]:
    concept = ["conceptType", "conceptUri"]
    broader = [*concept, "broaderType", "broaderUri"]
    return {
        GROUPS: write_csv(
            [*concept, "code", "preferredLabel", "altLabels", "description"],
            [
                ["ISCOGroup", f"{ISCO}C9", "9", "Essais", "", ""],
                ["ISCOGroup", f"{ISCO}C99", "99", "Essais de logiciels", "", ""],
                ["ISCOGroup", f"{ISCO}C999", "999", "Recette", "", ""],
                ["ISCOGroup", f"{ISCO}C9999", "9999", "Testeurs", "", ""],
            ],
        ),
        OCCUPATIONS: write_csv(
            [*concept, "iscoGroup", "preferredLabel", "altLabels", "description"],
            [
                [
                    "Occupation",
                    f"{OCC}o1",
                    "9999",
                    "testeur/testeuse",
                    "testeur\ntesteuse\ntesteur",
                    "",
                ],
                ["Occupation", f"{OCC}o2", "9999", "testeur mobile", "", "Teste sur téléphone."],
                ["Occupation", f"{OCC}o3", "1234", "inclassable", "", ""],
                ["Occupation", f"{OCC}o1", "9999", "doublon", "", ""],
            ],
        ),
        OCC_BROADER: write_csv(
            broader,
            [
                ["ISCOGroup", f"{ISCO}C99", "ISCOGroup", f"{ISCO}C9"],
                ["Occupation", f"{OCC}o1", "ISCOGroup", f"{ISCO}C9999"],
                ["Occupation", f"{OCC}o2", "Occupation", f"{OCC}o1"],
            ],
        ),
        SKILL_GROUPS: write_csv(
            [*concept, "preferredLabel", "altLabels", "description"],
            [["SkillGroup", f"{SKILL}g1", "qualité logicielle", "", ""]],
        ),
        SKILLS: write_csv(
            [*concept, "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"],
            [
                [
                    "KnowledgeSkillCompetence",
                    f"{SKILL}s1",
                    "skill/competence",
                    "cross-sector",
                    "tester un logiciel",
                    "vérifier un logiciel",
                    "",
                ],
                [
                    "KnowledgeSkillCompetence",
                    f"{SKILL}s2",
                    "knowledge",
                    "sector-specific",
                    "plans de test",
                    "",
                    "",
                ],
                [
                    "KnowledgeSkillCompetence",
                    f"{SKILL}s3",
                    "skill/competence",
                    "occupation-specific",
                    "tester sur mobile",
                    "",
                    "",
                ],
            ],
        ),
        SKILL_BROADER: write_csv(
            broader,
            [
                [
                    "KnowledgeSkillCompetence",
                    f"{SKILL}s3",
                    "KnowledgeSkillCompetence",
                    f"{SKILL}s1",
                ],
                ["KnowledgeSkillCompetence", f"{SKILL}s3", "SkillGroup", f"{SKILL}g1"],
                ["KnowledgeSkillCompetence", f"{SKILL}s2", "SkillGroup", f"{SKILL}g-unnamed"],
                ["SkillGroup", f"{SKILL}g1", "SkillGroup", f"{SKILL}g0"],
            ],
        ),
    }


def test_the_made_up_bundle_gives_every_fact() -> None:
    draft = parse_bundle("esco-v9.9-fr", mini_bundle())
    part = draft.parts[0]
    assert part.name == "ESCO (v9.9, fr)"
    assert list(part.jobs) == ["o1", "o2", "o3"]
    o1, o2, o3 = part.jobs.values()
    assert (o1.title, o1.code, o1.url, o1.alt_titles) == (
        "testeur/testeuse",
        "9999",
        f"{OCC}o1",
        ["testeur", "testeuse"],
    )
    assert (o1.family, o1.filiere, o1.metier) == ("Essais", "Essais de logiciels", "Testeurs")
    assert o2.purpose == ["Teste sur téléphone."]
    assert (o3.code, o3.family, o3.metier) == ("1234", None, None)
    occ, groups, occ_broader = (
        part.documents[f"esco-v9.9-fr/{n}"].sha256 for n in (OCCUPATIONS, GROUPS, OCC_BROADER)
    )
    assert [(p.document, p.position.line) for p in o1.provenance] == [
        (occ, 2),
        (groups, 2),
        (groups, 3),
        (groups, 5),
        (occ_broader, 3),
    ]
    assert o1.provenance[0].position.end_line == 4  # altLabels over three lines

    s1, s2, s3 = (part.competencies[k] for k in ("s1", "s2", "s3"))
    assert (s1.kind, s1.category, s1.details, s1.domain) == (
        CompetencyKind.SAVOIR_FAIRE,
        "intersectorielle",
        ["vérifier un logiciel"],
        None,
    )
    assert (s2.kind, s2.domain) == (CompetencyKind.SAVOIR, None)
    assert (s3.domain, s3.details) == (
        "tester un logiciel",
        [BROADER_DETAIL + "qualité logicielle"],
    )
    assert [p.position.line for p in s3.provenance] == [4, 2, 3, 2]  # skills, broader, group

    messages = sorted((w.code, w.message) for w in draft.warnings)
    assert [code for code, _ in messages] == [
        "poste-en-double",
        "reference-inconnue",
        "reference-inconnue",
    ]
    unknown = " ".join(message for _, message in messages)
    assert "l. 6 : 1234" in unknown and "l. 4 : g-unnamed" in unknown


def test_occupation_skill_relations_become_requirements_when_there() -> None:
    files = dict(mini_bundle())
    files["occupationSkillRelations.csv"] = write_csv(
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [
            [f"{OCC}o1", "essential", "skill/competence", f"{SKILL}s1"],
            [f"{OCC}o1", "optional", "knowledge", f"{SKILL}s2"],
            [f"{OCC}o2", "essential", "skill/competence", f"{SKILL}s3"],
            [f"{OCC}o2", "optional", "skill/competence", f"{SKILL}s3"],
            [f"{OCC}o9", "essential", "skill/competence", f"{SKILL}s1"],
        ],
    )
    assert bundle_members(files)[-1] == "occupationSkillRelations.csv"
    draft = parse_bundle("mini", files)
    part = draft.parts[0]
    assert [(r.competency, r.importance) for r in part.jobs["o1"].requirements] == [
        ("s1", Importance.ESSENTIAL),
        ("s2", Importance.OPTIONAL),
    ]
    (req,) = part.jobs["o2"].requirements
    assert req.importance is Importance.ESSENTIAL and [p.position.line for p in req.provenance] == [
        4,
        5,
    ]
    assert any("o9" in w.message for w in draft.warnings if w.code == "reference-inconnue")
    assert draft.document != parse_bundle("mini", mini_bundle()).document


def test_every_required_table_is_read() -> None:
    assert [t.name for t in REQUIRED] == [
        n.removesuffix("_fr.csv").removesuffix(".csv") for n in MEMBERS
    ]


def test_two_uris_ending_alike_keep_two_jobs() -> None:
    files = dict(mini_bundle())
    files[OCCUPATIONS] += b"Occupation,http://example.org/other/o2,9999,testeur bis,,\n"
    part = parse_bundle("mini", files).parts[0]
    assert list(part.jobs) == ["o1", "o2", "o3", "o2--2"]
    assert part.jobs["o2--2"].url == "http://example.org/other/o2"
