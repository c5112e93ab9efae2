"""The ROME 4.0 importer: the real export (France Travail, v460) and small made-up bundles.

The real files are read from $PARCOURS_SHARED_DIR/data/external/rome-v460; the made-up
bundles below use invented codes (Z....) and labels, in the export's column layout.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.domain.competency import CompetencyKind, Importance
from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError, UnknownFamilyError
from parcours.domain.job import Job
from parcours.domain.mobility import MobilityKind, MobilityOrigin
from parcours.domain.provenance import DocumentFamily, Position, Provenance
from parcours.domain.referential import Referential
from parcours.engine.normalise import label_key
from parcours.ingest import bundle
from parcours.ingest.csv_tables import line_ranges, read_table
from parcours.ingest.pipeline import bundle_members, is_bundle, parse_bundle
from parcours.ingest.rome_export import ROME_4, split_name
from tests.conftest import shared_dir

TABLES = ROME_4.required
FOLDER = "rome-v460"
NAME = "ROME 4.0 (v460)"


def rome_path() -> Path:
    return shared_dir() / "data" / "external" / FOLDER


@cache
def rome_files() -> dict[str, bytes]:
    folder = rome_path()
    if not folder.is_dir():
        pytest.fail(f"the ROME export is missing: {folder} (set PARCOURS_SHARED_DIR)")
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@cache
def rome_draft() -> ImportDraft:
    return parse_bundle(FOLDER, rome_files())


def file_name(table: str, version: str = "460") -> str:
    return f"unix_{table}_v{version}_utf8.csv"


@cache
def csv_records(table: str) -> list[dict[str, str]]:
    """The records of a real file, read independently of the importer."""
    text = rome_files()[file_name(table)].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def physical_lines(sha: str) -> list[str]:
    """The lines of the real file whose sha256 is ``sha``, as in the file."""
    part = rome_draft().parts[0]
    (filename,) = [d.filename for d in part.documents.values() if d.sha256 == sha]
    return rome_files()[filename].decode("utf-8").split("\n")


def cited(provenance: Provenance) -> str:
    """The text of the line(s) a provenance points at."""
    lines = physical_lines(provenance.document)
    position = provenance.position
    assert position.line is not None
    return "\n".join(lines[position.line - 1 : position.end_line or position.line])


def sha_of(table: str) -> str:
    return rome_draft().parts[0].documents[f"{FOLDER}/{file_name(table)}"].sha256


@pytest.fixture(scope="module")
def part() -> Referential:
    draft = rome_draft()
    assert len(draft.parts) == 1
    return draft.parts[0]


# --- detection --------------------------------------------------------------------------------


def test_the_rome_folder_is_a_bundle_and_a_folder_of_seeds_is_not(seeds_dir: Path) -> None:
    names = list(rome_files())
    assert is_bundle(names)
    members = bundle_members(names)
    assert members == [file_name(t.name) for t in TABLES]
    assert "SOURCE.md" not in members and file_name("themes") not in members
    assert not is_bundle(p.name for p in seeds_dir.iterdir())
    assert not is_bundle([])
    assert bundle_members(p.name for p in seeds_dir.iterdir()) == []


def test_an_incomplete_export_is_still_recognised_so_that_the_missing_file_is_named() -> None:
    names = [n for n in rome_files() if n != file_name("texte")]
    assert is_bundle(names)
    assert not is_bundle([file_name("themes"), file_name("grand_domaine")])


def test_split_name_reads_table_and_version() -> None:
    assert split_name(file_name("referentiel_code_rome")) == ("referentiel_code_rome", "460")
    assert split_name("unix_referentiel_code_rome_riasec_v460_utf8.csv") is None
    assert split_name("unix_coherence_item_v461_utf8.csv") == ("coherence_item", "461")
    assert split_name("coherence_item.csv") is None


def test_an_outside_bundle_importer_can_be_registered() -> None:
    @dataclass
    class Fake:
        family: DocumentFamily = DocumentFamily.STUDY
        description: str = "fake"
        format: str = "txt"

        def score(self, names: object) -> float:
            return 1.0 if "fake.marker" in names else 0.0  # type: ignore[operator]

        def members(self, names: object) -> list[str]:
            return ["fake.marker"]

        def parse(self, *args: object, **kwargs: object) -> ImportDraft:
            raise DocumentError("fake", "always")

    assert not is_bundle(["fake.marker"])
    with bundle.isolated_registry(Fake()):
        assert is_bundle(["fake.marker"])
        with pytest.raises(DocumentError, match="always"):
            parse_bundle("x", {"fake.marker": b"1"})
    assert not is_bundle(["fake.marker"])


# --- the real export: documents ---------------------------------------------------------------


def test_the_bundle_is_one_document_made_of_its_csv_files(part: Referential) -> None:
    import hashlib

    draft = rome_draft()
    document = draft.document
    members = bundle_members(rome_files())
    pairs = sorted((n, hashlib.sha256(rome_files()[n]).hexdigest()) for n in members)
    expected = hashlib.sha256("".join(f"{n}\0{sha}\n" for n, sha in pairs).encode()).hexdigest()
    assert document.sha256 == expected
    assert (document.filename, document.format, document.family) == (
        FOLDER,
        "csv",
        DocumentFamily.ROME,
    )
    assert document.size == sum(len(rome_files()[n]) for n in members)
    assert set(part.documents) == {f"{FOLDER}/{n}" for n in members}
    for slot, doc in part.documents.items():
        assert doc.filename == slot.split("/", 1)[1]
        assert doc.sha256 == hashlib.sha256(rome_files()[doc.filename]).hexdigest()
        assert (doc.format, doc.family) == ("csv", DocumentFamily.ROME)
    assert (part.name, part.organisation) == (NAME, "France Travail")
    assert part.version == 0  # the store numbers the versions


def test_every_fact_cites_a_member_file() -> None:
    part = rome_draft().parts[0]
    shas = {d.sha256 for d in part.documents.values()}
    jobs = list(part.jobs.values())
    provenance = [p for j in jobs for p in j.provenance]
    provenance += [p for j in jobs for r in j.requirements for p in r.provenance]
    provenance += [p for c in part.competencies.values() for p in c.provenance]
    assert {p.document for p in provenance} == shas
    assert all(p.position.line and p.position.line > 1 for p in provenance)  # 1: headers
    assert all(j.provenance and all(r.provenance for r in j.requirements) for j in jobs)
    assert all(c.provenance for c in part.competencies.values())


# --- the real export: counts ------------------------------------------------------------------


def test_1584_fiches_with_their_codes(part: Referential) -> None:
    assert len(part.jobs) == 1584
    for key, job in part.jobs.items():
        assert job.code is not None and key == job.code.lower()
        assert job.has_sheet and job.title and job.family and job.filiere
    assert len({j.family for j in part.jobs.values()}) == 14  # grands domaines
    assert len({j.filiere for j in part.jobs.values()}) == 110  # domaines professionnels


def test_13120_appellations(part: Referential) -> None:
    titles = sha_of("referentiel_appellation")
    cited_lines = sum(
        (p.position.end_line or p.position.line or 0) - (p.position.line or 0) + 1
        for job in part.jobs.values()
        for p in job.provenance
        if p.document == titles
    )
    assert cited_lines == 13120
    # Four appellations repeat a title of their fiche under another code: 13,116 titles.
    assert sum(len(j.alt_titles) for j in part.jobs.values()) == 13116
    assert all(len(set(j.alt_titles)) == len(j.alt_titles) for j in part.jobs.values())
    assert all(j.title in j.alt_titles for j in part.jobs.values())  # the main appellation


def test_competencies_and_savoirs(part: Referential) -> None:
    comps = list(part.competencies.values())
    codes = Counter(c.kind for c in comps for _ in c.codes)
    assert codes == {
        CompetencyKind.SAVOIR_FAIRE: 18301,
        CompetencyKind.SAVOIR_ETRE: 16,
        CompetencyKind.SAVOIR: 15354,
    }
    every_code = [code for c in comps for code in c.codes]
    assert len(every_code) == len(set(every_code)) == 33671
    # Labels alike once folded are one entity; each merge is reported.
    merged = [w for w in rome_draft().warnings if w.code == "libelle-commun"]
    assert len(comps) == 33671 - len(merged)
    assert 33500 < len(comps) <= 33671  # 33,622 with the normaliser of this writing
    # ... unless the key drops the symbols that tell them apart.
    distinct = [w for w in rome_draft().warnings if w.code == "libelle-distinct"]
    assert len(distinct) == 2
    languages = [c for c in comps if c.label in ("Langage C#", "Langage C++")]
    assert len(languages) == 2 and {len(c.codes) for c in languages} == {1}
    offer = next(c for c in comps if c.label.startswith("Répondre à un appel d'offre"))
    assert sorted(offer.codes) == ["117708", "404522"] and len(offer.provenance) == 2


def test_competency_fields(part: Referential) -> None:
    by_code = {code: c for c in part.competencies.values() for code in c.codes}
    records = {r["code_ogr"]: r for r in csv_records("referentiel_competence")}
    macro = {r["code_ogr"]: r["libelle_competence"] for r in records.values()}
    for code, record in records.items():
        comp = by_code[code]
        if comp.codes[0] != code:
            continue  # merged into the entity of an earlier label
        assert comp.label == record["libelle_competence"]
        assert comp.category == (record["sous_cat_comp"] or record["cat_comp"])
        assert comp.definition == (record["definition"] or None)
        assert comp.domain == macro.get(record["code_ogr_macro_comp"])
    savoirs = [c for c in part.competencies.values() if c.kind is CompetencyKind.SAVOIR]
    assert {c.category for c in savoirs} == {
        r["categorie_savoir"] for r in csv_records("referentiel_savoir")
    }
    assert all(c.domain for c in savoirs)
    etre = [c for c in part.competencies.values() if c.kind is CompetencyKind.SAVOIR_ETRE]
    assert len(etre) == 16 and all(c.definition for c in etre)


def test_requirements_from_the_fiche_x_item_links(part: Referential) -> None:
    links = csv_records("coherence_item")
    assert len(links) == 104219
    levels = Counter(r["coeur_metier"] for r in links)
    assert levels == {"": 83588, "Principale": 18900, "Émergente": 1731}
    contexts = {r["code_ogr"] for r in csv_records("referentiel_contexte_travail")}
    items = [r for r in links if r["code_ogr"] not in contexts]
    assert len(items) == 90556 and len(links) - len(items) == 13663

    requirements = [r for job in part.jobs.values() for r in job.requirements]
    # Each competency link is one requirement, or joins one of its fiche's when two items
    # of the fiche are one entity (labels alike): no link is lost.
    assert sum(len(r.provenance) for r in requirements) == 90556
    assert 90400 < len(requirements) <= 90556  # 90,531 with the normaliser of this writing
    assert all(r.level is None for r in requirements)
    principal = {
        (r["code_rome"], r["code_ogr"]) for r in links if r["coeur_metier"] == "Principale"
    }
    essential = [r for r in requirements if r.importance is Importance.ESSENTIAL]
    assert len(essential) == 18900
    links_sha = sha_of("coherence_item")
    for job in part.jobs.values():
        keys = [r.competency for r in job.requirements]
        assert len(keys) == len(set(keys)) and set(keys) <= set(part.competencies)
        for req in job.requirements:
            cited_links = {tuple(next(csv.reader([cited(p)]))[:2]) for p in req.provenance}
            assert all(p.document == links_sha for p in req.provenance)
            assert {code for code, _ in cited_links} == {job.code}
            codes = set(part.competencies[req.competency].codes)
            assert {item for _, item in cited_links} <= codes
            is_principal = any(link in principal for link in cited_links)
            assert (req.importance is Importance.ESSENTIAL) == is_principal


# --- the real export: known fiches ------------------------------------------------------------


def test_d1408(part: Referential) -> None:
    job = part.jobs["d1408"]
    assert (job.code, job.title) == ("D1408", "Conseiller / Conseillère clientèle à distance")
    assert job.family == "Commerce, Vente et Grande distribution"
    assert job.filiere == "Force de vente"
    assert {"Téléconseiller / Téléconseillère", "Télévendeur / Télévendeuse"} <= set(job.alt_titles)
    assert len(job.alt_titles) == 9
    assert job.purpose and job.purpose[0].startswith("Le conseiller clientèle à distance")
    assert all("''" not in s for s in job.purpose)  # the file doubles its apostrophes
    assert any("Bac" in s for s in job.access_conditions)
    assert job.environment is not None and "Possibilité de télétravail" in job.environment
    assert job.workplace is not None and "Centres d'appels" in job.workplace
    labels = {part.competencies[r.competency].label for r in job.requirements}
    assert "Argumentation commerciale" in labels
    contexts = {r["code_ogr"] for r in csv_records("referentiel_contexte_travail")}
    items = [
        r
        for r in csv_records("coherence_item")
        if r["code_rome"] == "D1408" and r["code_ogr"] not in contexts
    ]
    assert sum(len(r.provenance) for r in job.requirements) == len(items) == 46


def test_purpose_and_access_follow_the_sentence_positions(part: Referential) -> None:
    texts = csv_records("texte")
    assert Counter(r["libelle_type_texte"] for r in texts) == {
        "definition": 9602,
        "acces_metier": 2378,
    }
    for code in ("A1101", "D1408", "M1805"):
        job = part.jobs[code.lower()]
        rows = [r for r in texts if r["code_rome"] == code]
        for kind, got in (("definition", job.purpose), ("acces_metier", job.access_conditions)):
            ordered = sorted(
                (int(r["position_phrase"]), r["libelle_texte"])
                for r in rows
                if r["libelle_type_texte"] == kind
            )
            assert got == [text.replace("''", "'") for _, text in ordered]
    assert sum(len(j.purpose) for j in part.jobs.values()) == 9602
    assert sum(len(j.access_conditions) for j in part.jobs.values()) == 2378


def test_work_contexts_are_environment_and_workplace_not_competencies(part: Referential) -> None:
    contexts = {r["code_ogr"] for r in csv_records("referentiel_contexte_travail")}
    assert len(contexts) == 179
    assert not contexts & {code for c in part.competencies.values() for code in c.codes}
    with_context = [j for j in part.jobs.values() if j.environment or j.workplace]
    assert len(with_context) > 1500
    for job in with_context[:50]:
        for line in (job.environment or "").split("\n") + (job.workplace or "").split("\n"):
            if line:
                kind, _, values = line.partition(" : ")
                assert kind and values


# --- provenance lines ------------------------------------------------------------------------


def test_provenance_lines_point_at_the_facts(part: Referential) -> None:
    sheets, domains = sha_of("referentiel_code_rome"), sha_of("cr_gd_dp")
    titles, texts = sha_of("referentiel_appellation"), sha_of("texte")
    for job in part.jobs.values():
        first, second, *rest = job.provenance
        assert first.document == sheets and f'"{job.code}"' in cited(first)
        assert f'"{job.title}"' in cited(first)
        assert second.document == domains and cited(second).startswith(f'"{job.code}"')
        for p in rest:
            text = cited(p)
            if p.document == titles:
                for line in text.split("\n"):
                    assert f'"{job.code}"' in line
                    assert any(f'"{t}"' in line for t in job.alt_titles)
            elif p.document == texts:
                assert all(line.startswith(f'"{job.code}"') for line in text.split("\n"))
    for comp in list(part.competencies.values())[::97]:
        for p in comp.provenance:
            text = cited(p)
            assert any(text.startswith(f'"{code}"') for code in comp.codes)
            if '"' not in comp.label:
                assert f'"{comp.label}"' in text or len(comp.provenance) > 1


def test_a_record_over_several_lines_gets_a_line_range() -> None:
    files = mini_bundle()
    part = parse_bundle("mini", files).parts[0]
    long = part.competencies[key("Rédiger un rapport de test")]
    assert long.definition == "Écrire ce que le test a montré,\nen deux lignes."
    assert long.provenance[0].position == Position(4, 5)
    after = part.competencies[key(TABLEAU)]
    assert after.provenance[0].position == Position(6)
    lines = files[file_name("referentiel_competence", "999")].decode().split("\n")
    assert lines[5].startswith('"Z0006"')


# --- the mobility table, when the export has it ------------------------------------------------

MOBILITY = file_name("rubrique_mobilite")


def with_mobility_file(tmp_path: Path, data: bytes) -> dict[str, bytes]:
    """The real export in a folder of symbolic links, plus a mobility table written here (the
    shared copy has none), read back as ``parcours import`` reads a folder."""
    folder = tmp_path / FOLDER
    folder.mkdir()
    for path in rome_path().iterdir():
        (folder / path.name).symlink_to(path)
    (folder / MOBILITY).write_bytes(data)
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_without_a_mobility_file_the_export_has_no_moves() -> None:
    assert MOBILITY not in rome_files()
    assert rome_draft().parts[0].mobilities == []


def test_the_mobility_file_gives_declared_moves_and_changes_nothing_else(tmp_path: Path) -> None:
    header = ["code_rome", "code_rome_cible", "numero_ordre"]
    rows = [
        ["D1408", "D1401", "2"],
        ["D1408", "D1406", "1"],
        ["A1101", "A1416", "1"],
        ["D1408", "Z9999", "3"],
        ["D1408", "D1401", "2"],  # repeated: one move, both lines cited
    ]
    files = with_mobility_file(tmp_path, write_csv(header, rows))
    assert bundle_members(files) == [*(file_name(t.name) for t in TABLES), MOBILITY]
    draft = parse_bundle(FOLDER, files)
    part, before = draft.parts[0], rome_draft().parts[0]
    moves = part.documents[f"{FOLDER}/{MOBILITY}"].sha256
    assert [
        (
            m.source,
            m.target,
            m.kind,
            m.origin,
            [(p.document, p.position.line) for p in m.provenance],
        )
        for m in part.mobilities
    ] == [  # by fiche, then by numero_ordre
        ("a1101", "a1416", MobilityKind.UNSPECIFIED, MobilityOrigin.DECLARED, [(moves, 4)]),
        ("d1408", "d1406", MobilityKind.UNSPECIFIED, MobilityOrigin.DECLARED, [(moves, 3)]),
        (
            "d1408",
            "d1401",
            MobilityKind.UNSPECIFIED,
            MobilityOrigin.DECLARED,
            [(moves, 2), (moves, 6)],
        ),
    ]
    assert part.jobs == before.jobs and part.competencies == before.competencies
    assert draft.document.sha256 != rome_draft().document.sha256  # a changed document
    new = [w for w in draft.warnings if w not in rome_draft().warnings]
    assert [(w.code, "Z9999" in w.message, MOBILITY in w.message) for w in new] == [
        ("reference-inconnue", True, True)
    ]


def test_a_mobility_file_without_its_columns_is_named(tmp_path: Path) -> None:
    files = with_mobility_file(tmp_path, write_csv(["code_rome", "cible"], [["D1408", "D1401"]]))
    with pytest.raises(DocumentError) as error:
        parse_bundle(FOLDER, files)
    assert error.value.filename == f"{FOLDER}/{MOBILITY}"
    assert (
        error.value.reason == f"{MOBILITY} : colonne(s) absente(s) : code_rome_cible, numero_ordre"
    )


def test_typed_moves_in_a_made_up_rome_4_export() -> None:
    files = dict(mini_bundle())
    files[file_name("rubrique_mobilite", "999")] = write_csv(
        ["code_rome", "code_rome_cible", "numero_ordre", "libelle_type_mobilite"],
        [
            ["Z1001", "Z1002", "1", "Evolution"],
            ["Z1002", "Z1001", "1", "Proche"],
            ["Z1002", "Z1002", "2", ""],
        ],
    )
    draft = parse_bundle("mini", files)
    assert [(m.source, m.target, m.kind) for m in draft.parts[0].mobilities] == [
        ("z1001", "z1002", MobilityKind.VERTICAL),
        ("z1002", "z1001", MobilityKind.HORIZONTAL),
    ]
    assert [w.code for w in draft.warnings if "rubrique_mobilite" in w.message] == [
        "mobilite-illisible"
    ]


def test_several_missing_files_and_columns_are_reported_at_once() -> None:
    files = {
        k: v
        for k, v in mini_bundle().items()
        if k not in (file_name("texte", "999"), file_name("cr_gd_dp", "999"))
    }
    name = file_name("referentiel_competence", "999")
    files[name] = (
        files[name].replace(b'"cat_comp"', b'"categorie"').replace(b'"definition"', b'"def"')
    )
    with pytest.raises(DocumentError) as error:
        parse_bundle("mini", files)
    assert error.value.filename == "mini"
    assert error.value.reason == (
        "export ROME 4.0 du dossier mini incomplet, 3 manque(s) : "
        f"{file_name('cr_gd_dp', '999')} : fichier absent ; {file_name('texte', '999')} : fichier "
        f"absent ; {name} : colonne(s) absente(s) : definition, cat_comp"
    )


# --- determinism ----------------------------------------------------------------------------


def test_parsing_is_deterministic_whatever_the_order_of_the_files() -> None:
    files = rome_files()
    again = parse_bundle(FOLDER, dict(reversed(list(files.items()))))
    first = rome_draft()
    assert again.document == first.document
    assert again.parts == first.parts
    assert again.warnings == first.warnings
    assert list(again.parts[0].jobs) == list(first.parts[0].jobs)
    assert list(again.parts[0].competencies) == list(first.parts[0].competencies)


def test_an_unrelated_file_of_the_folder_does_not_change_the_document() -> None:
    files = {**mini_bundle(), "SOURCE.md": b"notes", file_name("themes", "999"): b"x"}
    assert parse_bundle("mini", files).document == parse_bundle("mini", mini_bundle()).document
    changed = dict(mini_bundle())
    key = file_name("texte", "999")
    changed[key] = changed[key].replace(b"Teste", b"Essaie")
    assert (
        parse_bundle("mini", changed).document.sha256
        != parse_bundle("mini", mini_bundle()).document.sha256
    )


# --- malformed bundles ------------------------------------------------------------------------


def test_a_missing_file_is_named() -> None:
    files = {k: v for k, v in mini_bundle().items() if k != file_name("texte", "999")}
    with pytest.raises(DocumentError) as error:
        parse_bundle("mini", files)
    assert error.value.filename == f"mini/{file_name('texte', '999')}"
    assert file_name("texte", "999") in error.value.reason


def test_a_truncated_real_file_is_named_with_its_line() -> None:
    files = dict(rome_files())
    name = file_name("coherence_item")
    data = files[name]
    files[name] = data[: data.index(b'\n"D1408"') + 5]  # cut inside a record
    with pytest.raises(DocumentError) as error:
        parse_bundle(FOLDER, files)
    assert error.value.filename == f"{FOLDER}/{name}"
    line = data[: data.index(b'\n"D1408"')].count(b"\n") + 2
    assert f"{name}, ligne {line} :" in error.value.reason
    assert "tronqué" in error.value.reason


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d[: d.rindex(b",")] + b',"Z00', "CSV illisible"),  # open quote at the end
        (lambda d: d.rstrip(b"\n") + b',"extra"\n', "champ(s) au lieu de"),
        (lambda d: d.replace(b'"cat_comp"', b'"categorie"'), "colonne(s) absente(s) : cat_comp"),
        (lambda d: d.replace("É".encode(), b"\xc9"), "pas en UTF-8"),
        (lambda d: b"", "fichier vide"),
    ],
)
def test_a_damaged_file_is_named(damage: object, expected: str) -> None:
    files = dict(mini_bundle())
    name = file_name("referentiel_competence", "999")
    files[name] = damage(files[name])  # type: ignore[operator]
    with pytest.raises(DocumentError) as error:
        parse_bundle("mini", files)
    assert error.value.filename == f"mini/{name}"
    assert name in error.value.reason and expected in error.value.reason


def test_mixed_versions_are_refused() -> None:
    files = dict(mini_bundle())
    files[file_name("texte", "998")] = files[file_name("texte", "999")]
    with pytest.raises(DocumentError, match="v998, v999"):
        parse_bundle("mini", files)


def test_a_folder_that_is_no_bundle_is_refused(seeds_dir: Path) -> None:
    with pytest.raises(UnknownFamilyError):
        parse_bundle("seeds", {p.name: b"" for p in seeds_dir.iterdir()})


def test_progress_is_reported_per_member_file() -> None:
    seen: list[str] = []
    parse_bundle("mini", mini_bundle(), seen.append)
    assert seen == [f"mini/{file_name(t.name, '999')}" for t in TABLES]


# --- a made-up bundle: every rule ------------------------------------------------------------


TABLEAU = "Tenir un tableau de suivi"


def key(label: str) -> str:
    return label_key(label)


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def mini_bundle() -> dict[str, bytes]:
    v = "999"
    return {
        file_name("referentiel_code_rome", v): write_csv(
            ["code_rome", "code_ogr", "libelle_rome"],
            [
                ["Z1001", "1", "Testeur / Testeuse de parcours"],
                ["Z1002", "2", "Agent / Agente de recette"],
                ["Z1002", "3", "Agent en double"],
            ],
        ),
        file_name("cr_gd_dp", v): write_csv(
            ["code_rome", "libelle_grand_domaine", "libelle_domaine_professionel"],
            [["Z1001", "Essais", "Essais de logiciels"], ["Z1002", "Essais", "Recette"]],
        ),
        file_name("referentiel_appellation", v): write_csv(
            ["code_ogr", "libelle_appellation_long", "code_rome"],
            [
                ["10", "Agent / Agente de recette", "Z1002"],
                ["11", "Testeur / Testeuse de parcours", "Z1001"],
                ["12", "Vérificateur / Vérificatrice", "Z1001"],
                ["13", "Vérificateur / Vérificatrice", "Z1001"],
                ["14", "Inconnu", "Z9999"],
            ],
        ),
        file_name("texte", v): write_csv(
            ["code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"],
            [
                ["Z1001", "definition", "2", "Consigne les écarts."],
                ["Z1001", "definition", "1", "Teste l''application."],
                ["Z1001", "acces_metier", "1", "Accessible sans diplôme."],
                ["Z1001", "autre", "1", "Ignoré."],
            ],
        ),
        file_name("referentiel_competence", v): write_csv(
            [
                "code_ogr",
                "nature",
                "libelle_competence",
                "definition",
                "code_ogr_macro_comp",
                "cat_comp",
                "sous_cat_comp",
            ],
            [
                ["Z0001", "Macro-compétence", "Tester un logiciel", "", "", "Savoir-faire", ""],
                [
                    "Z0002",
                    "Compétence",
                    "Faire preuve de rigueur",
                    "Être précis.",
                    "",
                    "Savoir-être professionnel",
                    "Transverse",
                ],
                [
                    "Z0005",
                    "Compétence",
                    "Rédiger un rapport de test",
                    "Écrire ce que le test a montré,\nen deux lignes.",
                    "Z0001",
                    "Savoir-faire",
                    "Technique",
                ],
                ["Z0006", "Compétence", TABLEAU, "", "Z0001", "Savoir-faire", "Technique"],
                ["Z0007", "Compétence", TABLEAU + "s", "", "Z0001", "Savoir-faire", "Technique"],
            ],
        ),
        file_name("referentiel_savoir", v): write_csv(
            ["code_ogr_savoir", "libelle_savoir", "categorie_savoir", "sous_categorie_savoir"],
            [["Z0010", "Logiciels de test", "Domaines d'expertise", "Logiciels, progiciels"]],
        ),
        file_name("referentiel_contexte_travail", v): write_csv(
            ["code_ogr", "libelle_cont_travail", "code_type_cont_trav", "libelle_type_cont_trav"],
            [
                ["Z0020", "Travail le samedi", "2", "Horaires et durée du travail"],
                ["Z0021", "Laboratoire", "6", "Types de structures"],
                ["Z0022", "Travail de nuit", "2", "Horaires et durée du travail"],
            ],
        ),
        file_name("coherence_item", v): write_csv(
            ["code_rome", "code_ogr", "coeur_metier"],
            [
                ["Z1001", "Z0005", "Principale"],
                ["Z1001", "Z0010", ""],
                ["Z1001", "Z0002", "Émergente"],
                ["Z1001", "Z0006", ""],
                ["Z1001", "Z0007", "Principale"],
                ["Z1001", "Z0020", ""],
                ["Z1001", "Z0022", ""],
                ["Z1001", "Z0021", ""],
                ["Z1001", "Z0999", ""],
                ["Z9999", "Z0005", ""],
                ["Z1002", "Z0001", ""],
            ],
        ),
    }


def test_the_made_up_bundle_gives_every_fact() -> None:
    draft = parse_bundle("mini", mini_bundle())
    part = draft.parts[0]
    assert part.name == "ROME 4.0 (v999)"
    assert list(part.jobs) == ["z1001", "z1002"]
    job: Job = part.jobs["z1001"]
    assert (job.code, job.title, job.family, job.filiere) == (
        "Z1001",
        "Testeur / Testeuse de parcours",
        "Essais",
        "Essais de logiciels",
    )
    assert job.alt_titles == ["Testeur / Testeuse de parcours", "Vérificateur / Vérificatrice"]
    assert job.purpose == ["Teste l'application.", "Consigne les écarts."]
    assert job.access_conditions == ["Accessible sans diplôme."]
    assert job.environment == "Horaires et durée du travail : Travail le samedi ; Travail de nuit"
    assert job.workplace == "Types de structures : Laboratoire"
    assert [(r.competency, r.importance) for r in job.requirements] == [
        (key("Rédiger un rapport de test"), Importance.ESSENTIAL),
        (key("Logiciels de test"), Importance.OPTIONAL),
        (key("Faire preuve de rigueur"), Importance.OPTIONAL),  # "Émergente"
        (key(TABLEAU), Importance.ESSENTIAL),  # two items, one entity: the strongest
    ]
    assert [p.position.line for p in job.requirements[3].provenance] == [5, 6]

    sheets = part.documents[f"mini/{file_name('referentiel_code_rome', '999')}"].sha256
    titles = part.documents[f"mini/{file_name('referentiel_appellation', '999')}"].sha256
    texts = part.documents[f"mini/{file_name('texte', '999')}"].sha256
    links = part.documents[f"mini/{file_name('coherence_item', '999')}"].sha256
    domains = part.documents[f"mini/{file_name('cr_gd_dp', '999')}"].sha256
    contexts = part.documents[f"mini/{file_name('referentiel_contexte_travail', '999')}"].sha256
    assert job.provenance == [
        Provenance(sheets, Position(2)),
        Provenance(domains, Position(2)),
        Provenance(texts, Position(2, 4)),  # the sentence of an unknown type is not cited
        Provenance(titles, Position(3, 5)),
        Provenance(links, Position(7, 9)),
        Provenance(contexts, Position(2, 4)),
    ]

    tableau = part.competencies[key(TABLEAU)]
    assert tableau.codes == ["Z0006", "Z0007"] and tableau.domain == "Tester un logiciel"
    rigueur = part.competencies[key("Faire preuve de rigueur")]
    assert (rigueur.kind, rigueur.category, rigueur.definition) == (
        CompetencyKind.SAVOIR_ETRE,
        "Transverse",
        "Être précis.",
    )
    assert part.competencies[key("Tester un logiciel")].category == "Savoir-faire"
    savoir = part.competencies[key("Logiciels de test")]
    assert (savoir.kind, savoir.category, savoir.domain, savoir.codes) == (
        CompetencyKind.SAVOIR,
        "Domaines d'expertise",
        "Logiciels, progiciels",
        ["Z0010"],
    )
    assert [r.competency for r in part.jobs["z1002"].requirements] == [key("Tester un logiciel")]

    codes = Counter(w.code for w in draft.warnings)
    assert codes == {
        "fiche-en-double": 1,
        "libelle-commun": 1,
        "reference-inconnue": 3,
        "texte-inconnu": 1,
    }
    unknown = " ".join(w.message for w in draft.warnings if w.code == "reference-inconnue")
    assert "Z9999" in unknown and "Z0999" in unknown


# --- the CSV reader --------------------------------------------------------------------------

_FIELD = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12
) | st.sampled_from(["a,b", 'dit "oui"', "l1\nl2", "\r\n", " espace ", "\u2028", ""])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_FIELD, min_size=3, max_size=3), max_size=8))
def test_read_table_returns_the_records_and_their_physical_lines(
    records: list[list[str]],
) -> None:
    table = TABLES[-1]  # coherence_item: three columns
    header = list(table.columns)
    data = write_csv(header, records)
    lines = data.decode("utf-8").split("\n")
    read = list(read_table("f", "x.csv", data, table))
    assert [values for _, values in read] == [[v.strip() for v in r] for r in records]
    for (position, _), record in zip(read, records, strict=True):
        assert position.line is not None
        text = "\n".join(lines[position.line - 1 : position.end_line or position.line])
        assert text == write_csv(header, [record]).decode("utf-8").split("\n", 1)[1][:-1]


@given(st.sets(st.integers(min_value=2, max_value=60)))
def test_line_ranges_cover_exactly_the_lines_given(lines: set[int]) -> None:
    ranges = line_ranges("sha", [Position(n) for n in sorted(lines)])
    covered = [
        n
        for p in ranges
        for n in range(p.position.line or 0, (p.position.end_line or p.position.line or 0) + 1)
    ]
    assert covered == sorted(lines)
    ends = [(p.position.line or 0, p.position.end_line or p.position.line or 0) for p in ranges]
    assert all(b[0] > a[1] + 1 for a, b in itertools.pairwise(ends))
    assert all(p.position.end_line != p.position.line for p in ranges)


def test_every_bundle_importer_is_documented() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "importers.md").read_text("utf-8")
    for importer in bundle.BUILTIN_BUNDLE_IMPORTERS:
        assert type(importer).__name__ in text and f"`{importer.family.value}`" in text
