"""Import fidelity on the five real documents (issue 13): facts stored exactly, with errors,
missing and spurious, per document, for the points the issue lists.

    python benchmarks/fidelity.py            # the checkout's parcours
    PYTHONPATH=/path/to/other/src python benchmarks/fidelity.py   # another checkout's

The expected facts are read off the documents' text by simple rules written here, apart from
the importers (list structure, indentation, the words of the headings), and a few short
identifiers (job titles). Nothing of the documents is copied here. Checks:

- ``details`` (004): the nested lines under a competency of a sheet belong to that job's
  requirement; on the shared competency only, they are errors;
- ``groups`` (004): the items under a "Liés à ..." heading are competencies of that category
  required by the job; the heading stored as a competency is spurious;
- ``departments`` (004): a move towards a department ("Direction ...") is a note of the
  sheet, never a job nor a mobility (those are errors);
- ``annex kinds`` (004): the annex competencies no sheet types carry a confidence below 1;
- ``paths`` (004): the career paths told in chapter 4.1;
- ``alt descriptions`` (004): the descriptions under an alternative title are kept;
- ``guesses`` (all): a fact with a confidence below 1 has a warning on its lines (an error
  otherwise);
- ``savoirs`` (002): the savoirs are required (essential), only their details are indicative;
- ``split`` (002): the piece cut off at "...communicationsFrance" is reported;
- ``notes`` (000 + 001): a note both sheets hold cites both.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT / "src"))

from parcours.domain.codec import to_document  # noqa: E402
from parcours.domain.draft import ImportDraft  # noqa: E402
from parcours.domain.merge import merge_parts  # noqa: E402
from parcours.domain.referential import Referential  # noqa: E402
from parcours.engine.normalise import fold, job_key, label_key  # noqa: E402
from parcours.ingest.pipeline import parse_document  # noqa: E402

SHEETS = [
    "Directeur de la relation client Multicanal",
    "Directeur de centre",
    "Chef d'équipe",
    "Superviseur",
    "Responsable formation",
    "Responsable système d'information",
    "Responsable de la qualité",
    "Conseiller junior",
    "Conseiller senior",
    "Conseiller senior expert",
    "Conseiller senior spécialisé",
    "Directeur d'e-agence",
    "Conseiller en e-agence",
]
# Chapter 4.1's career paths (source, target): the two "nommé", the specialised advisor who is
# a senior advisor, the remote advisors led towards the branch, the branch advisors integrated
# as senior advisors.
PATHS = [
    ("Conseiller junior", "Conseiller senior"),
    ("Conseiller senior", "Conseiller senior expert"),
    ("Conseiller senior", "Conseiller senior spécialisé"),
    ("Conseiller senior", "Conseiller en agence physique"),
    ("Conseiller en agence physique", "Conseiller senior"),
]
_GROUP = re.compile(r"^(?:liee?s?|relati(?:f|fs|ve|ves))\s+(?:a|au|aux)\b")
_PARTS = {"savoirs", "savoir", "savoir-faire", "savoir faire", "savoir-etre", "savoir etre"}
_ENDS = {"evolution", "evolutions", "description du metier", "principales activites"}


@dataclass(slots=True)
class Score:
    exact: int = 0
    errors: int = 0
    missing: int = 0
    spurious: int = 0

    def add(self, other: Score) -> None:
        self.exact += other.exact
        self.errors += other.errors
        self.missing += other.missing
        self.spurious += other.spurious


def seeds() -> list[Path]:
    shared = Path(os.environ.get("PARCOURS_SHARED_DIR", ROOT.parent / "shared")).resolve()
    return sorted((shared / "seeds").glob("*.txt"))


def _clean(text: str) -> str:
    text = re.sub(r"^(?:[-–]\s+)+", "", re.sub(r"\*+", "", text).strip())
    return fold(text.rstrip(",;:. "))


# -- what the study's text says -------------------------------------------------------------


def _sheet_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    starts: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        plain = re.sub(r"^(?:le|la|l')\s*", "", fold(line.strip()))
        for title in SHEETS:
            if plain == fold(title) and n + 2 < len(lines):
                following = next((x for x in lines[n + 1 : n + 4] if x.strip()), "")
                if fold(following).startswith(("description du metier", "principales appel")):
                    starts.append((n, title))
    spans: dict[str, tuple[int, int]] = {}
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        spans[title] = (start, end)
    return spans


def _competency_lists(lines: list[str], start: int, end: int) -> Iterator[tuple[str, list[str]]]:
    """(top-level item, its nested items) in the savoirs parts of a sheet."""
    inside = False
    top: str | None = None
    nested: list[str] = []
    blanks = 0
    for line in lines[start:end]:
        key = fold(line.strip()).rstrip(" :")
        blanks = blanks + 1 if not line.strip() else 0
        if blanks >= 3:  # the end of the sheet
            break
        if key in _PARTS:
            inside = True
            continue
        if not inside or not line.strip():
            continue
        if line.startswith("- ") and not (line[2:3].islower() and top is not None):
            if top is not None:
                yield top, nested
            top, nested = line[2:], []
        elif re.match(r"^\s*[-–] ", line) and top is not None:  # nested, or its indent lost
            nested.append(line.strip()[2:])
        elif top is not None and nested and line.strip()[:1].islower():  # a cut line's tail
            nested[-1] = f"{nested[-1].rstrip()} {line.strip()}"
        elif top is not None:  # a nested line that lost its dash
            nested.append(line.strip())
    if top is not None:
        yield top, nested


def expected_study(lines: list[str]) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]]]:
    """(job, competency key, detail) and (job, grouped competency key)."""
    details: set[tuple[str, str, str]] = set()
    grouped: set[tuple[str, str]] = set()
    for title, (start, end) in _sheet_spans(lines).items():
        for top, nested in _competency_lists(lines, start, end):
            if _GROUP.match(_clean(top)):
                parent: str | None = None  # an item whose sentence the next items complete
                for item in nested:
                    first_word = (item.split() or [""])[0]
                    if parent is not None and first_word in {"dans", "par", "pour", "en"}:
                        details.add((job_key(title), parent, _clean(item)))
                        continue
                    key = label_key(item.strip().rstrip(",;:. "))
                    grouped.add((job_key(title), key))
                    parent = key if not item.rstrip().endswith(tuple(".,;")) else None
            else:
                for item in nested:
                    details.add((job_key(title), label_key(top.rstrip(" :")), _clean(item)))
    return details, grouped


def expected_departments(lines: list[str]) -> set[tuple[str, str]]:
    """(job, department) of the evolution lists."""
    found: set[tuple[str, str]] = set()
    for title, (start, end) in _sheet_spans(lines).items():
        inside = False
        for line in lines[start:end]:
            key = fold(line.strip()).rstrip(" :")
            if key in _ENDS:
                inside = key.startswith("evolution")
                continue
            if key.startswith("competences"):
                inside = False
            if inside and re.match(r"^\s*- ", line):
                target = re.sub(r"^\s*- (?:[ée]volution \w+ : )?", "", line, flags=re.I)
                words = [w for w in fold(target).split() if w not in {"autres", "autre"}]
                if words and words[0].startswith("direction") and words[0] != "directeur":
                    found.add((job_key(title), _clean(re.sub(r"\(.*\)", "", target))))
    return found


# -- checks ---------------------------------------------------------------------------------


def _walk(node: Any) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    if isinstance(node, dict):
        if isinstance(node.get("provenance"), list):
            yield node, node["provenance"]
        for key, value in node.items():
            if key != "provenance":
                yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def check_guesses(draft: ImportDraft) -> Score:
    """Every fact below confidence 1 has a warning on its lines."""
    spans = [
        (w.position.line, w.position.end_line or w.position.line)
        for w in draft.warnings
        if w.position.line is not None
    ]
    score = Score()
    for _, provenance in _walk(to_document(draft.parts)):
        for entry in provenance:
            if entry["confidence"] >= 1:
                continue
            first = entry["line"]
            last = entry.get("end_line") or first
            warned = first is not None and any(a <= last and first <= b for a, b in spans)
            if warned:
                score.exact += 1
            else:
                score.errors += 1
    return score


def _matches(stored: str, expected: str) -> bool:
    stored = _clean(stored)
    return stored == expected or stored.startswith(expected) or expected.startswith(stored)


def check_details(ref: Referential, lines: list[str]) -> Score:
    expected, _ = expected_study(lines)
    score = Score()
    used: Counter[tuple[str, str]] = Counter()
    for job, key, detail in sorted(expected):
        requirement = (
            next((r for r in ref.jobs[job].requirements if r.competency == key), None)
            if job in ref.jobs
            else None
        )
        on_requirement = requirement is not None and any(
            _matches(d, detail) for d in getattr(requirement, "details", ())
        )
        competency = ref.competencies.get(key)
        pooled = competency is not None and any(_matches(d, detail) for d in competency.details)
        if on_requirement:
            score.exact += 1
            used[(job, key)] += 1
        elif pooled:
            score.errors += 1
        else:
            score.missing += 1
    stored = sum(len(getattr(r, "details", ())) for j in ref.jobs.values() for r in j.requirements)
    score.spurious += max(0, stored - score.exact)
    return score


def check_groups(ref: Referential, lines: list[str]) -> Score:
    _, grouped = expected_study(lines)
    score = Score()
    for job, key in sorted(grouped):
        requirement = next((r for r in ref.jobs[job].requirements if r.competency == key), None)
        competency = ref.competencies.get(key)
        if requirement is not None and competency is not None and competency.category:
            score.exact += 1
        elif any(
            _matches(d, fold(key.replace("-", " ")))
            for c in ref.competencies.values()
            for d in c.details
        ):
            score.errors += 1
        else:
            score.missing += 1
    score.spurious += sum(1 for c in ref.competencies.values() if _GROUP.match(fold(c.label)))
    return score


def check_departments(ref: Referential, lines: list[str]) -> Score:
    score = Score()
    for job, department in sorted(expected_departments(lines)):
        as_job = any(_clean(j.title) == department for j in ref.jobs.values())
        in_note = any(
            department in _clean(n.text) and n.title.startswith(ref.jobs[job].title)
            for n in ref.notes
        )
        if as_job:
            score.errors += 1
        elif in_note:
            score.exact += 1
        else:
            score.missing += 1
    score.spurious += sum(
        1 for j in ref.jobs.values() for t in j.alt_titles if "(" in t and t.startswith("Dir")
    )
    return score


def check_annex_kinds(ref: Referential) -> Score:
    score = Score()
    for matrix in ref.matrices:
        if matrix.item_kind != "competency":
            continue
        for row in matrix.rows:
            competency = ref.competencies.get(label_key(row.label))
            if competency is None:
                score.missing += 1
                continue
            line = row.provenance[0].position.line
            typed_by_a_sheet = any(p.position.line != line for p in competency.provenance)
            if typed_by_a_sheet or all(p.confidence < 1 for p in competency.provenance):
                score.exact += 1
            else:
                score.errors += 1
    return score


def check_paths(ref: Referential) -> Score:
    score = Score()
    moves = {(m.source, m.target) for m in ref.mobilities if m.kind.value == "example_path"}
    for source, target in PATHS:
        score.exact += (job_key(source), job_key(target)) in moves
        score.missing += (job_key(source), job_key(target)) not in moves
    return score


def check_alt_descriptions(ref: Referential, lines: list[str]) -> Score:
    score = Score()
    spans = _sheet_spans(lines)
    for title, (start, end) in spans.items():
        block = False
        for line in lines[start:end]:
            key = fold(line.strip())
            if key.startswith("principales appellations"):
                block = True
                continue
            if key.startswith("description du metier"):
                block = False
            if block and re.match(r"^\s+- ", line):
                wanted = _clean(line.strip()[2:])
                job = ref.jobs[job_key(title)]
                kept = any(wanted in _clean(n.text) for n in ref.notes) or any(
                    wanted in _clean(t) for t in job.alt_titles
                )
                score.exact += kept
                score.missing += not kept
    return score


def check_savoirs(ref: Referential) -> Score:
    score = Score()
    for job in ref.jobs.values():
        for requirement in job.requirements:
            competency = ref.competencies.get(requirement.competency)
            if competency is None or competency.kind.value != "savoir":
                continue
            if requirement.importance.value == "essential":
                score.exact += 1
            else:
                score.errors += 1
    return score


def check_split(draft: ImportDraft) -> Score:
    reported = any("France" in w.message and "Droits de" in w.message for w in draft.warnings)
    return Score(exact=int(reported), errors=int(not reported))


def check_notes(drafts: list[ImportDraft]) -> Score:
    merged = merge_parts("La Banque Postale", [d.parts[0] for d in drafts])
    texts = [{(n.title, n.text) for n in d.parts[0].notes} for d in drafts]
    shared = texts[0] & texts[1]
    score = Score()
    for note in merged.notes:
        if (note.title, note.text) not in shared:
            continue
        cited = {p.document for p in note.provenance}
        if len(cited) == 2:
            score.exact += 1
        else:
            score.errors += 1
    return score


def run() -> dict[str, dict[str, Score]]:
    paths = seeds()
    if len(paths) != 5:
        raise SystemExit(f"five seeds expected, found {len(paths)}")
    drafts = [parse_document(p.read_bytes(), p.name) for p in paths]
    study_lines = paths[4].read_text("utf-8").split("\n")
    study = drafts[4].parts[0]
    results: dict[str, dict[str, Score]] = {p.name[:3]: {} for p in paths}
    for path, draft in zip(paths, drafts, strict=True):
        results[path.name[:3]]["guesses"] = check_guesses(draft)
    results["004"]["details"] = check_details(study, study_lines)
    results["004"]["groups"] = check_groups(study, study_lines)
    results["004"]["departments"] = check_departments(study, study_lines)
    results["004"]["annex kinds"] = check_annex_kinds(study)
    results["004"]["paths"] = check_paths(study)
    results["004"]["alt descriptions"] = check_alt_descriptions(study, study_lines)
    results["002"]["savoirs"] = check_savoirs(drafts[2].parts[0])
    results["002"]["split"] = check_split(drafts[2])
    results["001"]["notes"] = check_notes(drafts[:2])
    return results


def main() -> None:
    results = run()
    print(f"{'document':<9}{'check':<18}{'exact':>7}{'errors':>8}{'missing':>9}{'spurious':>10}")
    for document, checks in results.items():
        total = Score()
        for name, score in checks.items():
            total.add(score)
            print(
                f"{document:<9}{name:<18}{score.exact:>7}{score.errors:>8}{score.missing:>9}"
                f"{score.spurious:>10}"
            )
        print(
            f"{document:<9}{'= total':<18}{total.exact:>7}{total.errors:>8}{total.missing:>9}"
            f"{total.spurious:>10}"
        )


if __name__ == "__main__":
    main()
