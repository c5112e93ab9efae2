"""The services' texts shown on the pages, in English when the page is: error messages
(``ParcoursError`` and its subclasses, through ``problems`` and the forms' ``error``), the jury's
reasons and warnings, and the details of the audit log.

The services write them in French with values inside (« personne inconnue : n-9 »), so an exact
catalogue cannot hold them: each is matched against the patterns below, its values kept (and
themselves translated when the catalogue knows them: « titre délivré »). A text no pattern
matches is shown as written, in French.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NUMBER = r"(\d+(?:,\d+)?)"
_PCT = r"(\d+(?:,\d+)?)\u202f%"

# (French pattern, English template): ``{0}``, ``{1}``… are the pattern's groups. First match wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    # Errors of the services.
    (r"personne inconnue : (.+)", "unknown person: {0}"),
    (r"compte inconnu : (.+)", "unknown account: {0}"),
    (r"référentiel inconnu : « (.+) »", "unknown referential: “{0}”"),
    (r"formation inconnue : « (.+) »", "unknown training: “{0}”"),
    (r"aucun poste ne correspond à « (.+) »", "no job matches “{0}”"),
    (r"aucune compétence « (.+) » dans « (.+) »", "no competency “{0}” in “{1}”"),
    (r"compétence inconnue dans « (.+) » : (.+)", "unknown competency in “{0}”: {1}"),
    (r"(.+) n'est pas candidat de ce jury", "{0} is not a candidate of this jury"),
    (r"décision inconnue : « (.+) »", "unknown decision: “{0}”"),
    (r"date d'évaluation dans le futur : (.+)", "assessment date in the future: {0}"),
    (r"« (.+) » : mesure vide", "“{0}”: empty measure"),
    (r"« (.+) » : mesure invalide", "“{0}”: invalid measure"),
    (r"« (.+) » : mesure illisible « (.+) »", "“{0}”: unreadable measure “{1}”"),
    (r"« (.+) » : un repère de 1 à 4 est attendu", "“{0}”: a benchmark from 1 to 4 is expected"),
    (
        r"« (.+) » : donnez une fréquence pour chaque indicateur",
        "“{0}”: give a frequency for each indicator",
    ),
    (
        r"« (.+) » : une fréquence par indicateur est attendue",
        "“{0}”: one frequency per indicator is expected",
    ),
    (r"équipes? inconnues? : (.+)", "unknown teams: {0}"),
    (
        r"soumission impossible : compétences? non évaluées? : (.+)",
        "cannot submit: competencies not rated: {0}",
    ),
    (
        r"compétences? hors du poste de la personne : (.+)",
        "competencies outside the person's job: {0}",
    ),
    (
        r"(\S+) : le questionnaire est un pourcentage \(0 à 100\)",
        "{0}: the questionnaire is a percentage (0 to 100)",
    ),
    # The jury's reasons (domain.jury) and warnings (services.juries).
    (r"compétence non évaluée", "competency not evaluated"),
    (r"critère (\d+) non évalué", "criterion {0} not evaluated"),
    (r"critère (\d+) non atteint", "criterion {0} not met"),
    (r"questionnaire non passé", "questionnaire not taken"),
    (r"questionnaire : " + _PCT + " < " + _PCT, "questionnaire: {0}% < {1}%"),
    (
        r"(\S+), critère (\d+) « (.+) » noté atteint sans score de questionnaire",
        "{0}, criterion {1} “{2}” marked met without a questionnaire score",
    ),
    (
        r"(\S+), critère (\d+) « (.+) » noté atteint alors que le questionnaire est à " + _PCT,
        "{0}, criterion {1} “{2}” marked met although the questionnaire is at {3}%",
    ),
    (
        r"(\S+), critère (\d+) « (.+) » noté non atteint alors que le questionnaire est à " + _PCT,
        "{0}, criterion {1} “{2}” marked not met although the questionnaire is at {3}%",
    ),
    (
        r"évaluation enregistrée le (\S+), avant la date de la session \((\S+)\)",
        "evaluation recorded on {0}, before the session's date ({1})",
    ),
    # Notices of the pages (web.pages.teams) and texts of a plan (domain.durations.format_hours).
    # The details of the audit log (services: people, hris, juries, campaigns, rgpd, career).
    (r"compte créé : (\S+) \((.+)\)", "account created: {0} ({1})"),
    (r"compte créé par le SSO : (\S+) \((.+)\)", "account created by SSO: {0} ({1})"),
    (r"compte lié au SSO : (.+)", "account linked to SSO: {0}"),
    (r"jeton d'API créé pour (\S+) : (.+)", "API token created for {0}: {1}"),
    (r"(1) jour \((\d+(?:,\d+)?) h\)", "{0} day ({1} h)"),
    (r"(\d+(?:,\d+)?) jours? \((\d+(?:,\d+)?) h\)", "{0} days ({1} h)"),
    (r"thème enregistré : (.+)", "theme saved: {0}"),
    (r"(\d+) thèmes? créés?, (\d+) remplacés?", "themes created: {0}, replaced: {1}"),
    (r"profil", "profile"),
    (r"historique", "history"),
    (r"historique : (.+)", "history: {0}"),
    (r"fiche RGPD", "GDPR record"),
    (r"espace carrière", "career space"),
    (r"souhaits d'évolution", "career wishes"),
    (r"journal des accès à ses données", "log of the accesses to one's data"),
    (r"évaluation \((.+)\) : (.+) = (\d+)", "assessment ({0}): {1} = {2}"),
    (r"liste de (\d+) sur (\d+) personnes?", "list of {0} out of {1} people"),
    (r"recherche de personnes : (\d+) trouvées?", "search for people: {0} found"),
    (r"jury (\d+) créé \(([01]) membre\)", "jury {0} created ({1} member)"),
    (r"jury (\d+) créé \((\d+) membres\)", "jury {0} created ({1} members)"),
    (r"jury (\d+) : candidat ajouté", "jury {0}: candidate added"),
    (r"jury (\d+) : procès-verbal", "jury {0}: record"),
    (r"jury (\d+) : statut du candidat", "jury {0}: candidate status"),
    (r"jury (\d+) : évaluations", "jury {0}: evaluations"),
    (r"jury (\d+) : évaluation \((.+)\)", "jury {0}: evaluation ({1})"),
    (r"titre délivré", "title granted"),
    (r"blocs validés : (.+)", "validated blocks: {0}"),
    (r"aucun", "none"),
    (r"campagne (\d+) : revue", "campaign {0}: review"),
    (r"campagne (\d+) : (.+), ([01]) note(.*)", "campaign {0}: {1}, {2} rating{3}"),
    (r"campagne (\d+) : (.+), (\d+) notes(.*)", "campaign {0}: {1}, {2} ratings{3}"),
    (r"auto-évaluation", "self-assessment"),
    (r"manager", "manager"),
    (
        r"(simulation d'import|import) (personnes|évaluations) refusé : (\d+) erreurs? "
        r"sur (\d+) lignes?",
        "{0} of {1} refused: {2} errors out of {3} rows",
    ),
    (r"simulation d'import", "import simulation"),
    (r"import", "import"),
    (r"personnes", "people"),
    (r"évaluations", "assessments"),
    (
        r"aperçu de la purge : (\d+) personnes?, (\d+) événements?",
        "purge preview: {0} people, {1} events",
    ),
)
_COMPILED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\Z"), english) for pattern, english in _PATTERNS
)


def translate_message(text: str, lang: str, catalogue: Callable[[str], str] | None = None) -> str:
    """``text`` (a service's French message) in ``lang``: unchanged in French, in English when a
    pattern (or the exact ``catalogue``) knows it, else as written."""
    if lang == "fr" or not text:
        return text
    if catalogue is not None:
        exact = catalogue(text)
        if exact != text:
            return exact
    for pattern, english in _COMPILED:
        found = pattern.match(text)
        if found:
            values = [_value(g or "", lang, catalogue) for g in found.groups()]
            return english.format(*values)
    return text


def _value(text: str, lang: str, catalogue: Callable[[str], str] | None) -> str:
    """A value inside a message: a decimal number with a point, a list item by item."""
    if re.fullmatch(r"\d+,\d+", text):
        return text.replace(",", ".")
    if ", " in text:
        return ", ".join(translate_message(part, lang, catalogue) for part in text.split(", "))
    return translate_message(text, lang, catalogue)
