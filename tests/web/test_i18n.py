"""The English catalogue covers every message of the templates."""

from __future__ import annotations

import re
from pathlib import Path

import parcours.web
from parcours.web import views
from parcours.web.i18n import EN, pick_language, translator

TEMPLATES = Path(parcours.web.__file__).parent / "templates"


def test_every_template_message_has_an_english_translation() -> None:
    messages: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text("utf-8")
        messages |= set(re.findall(r'_\("([^"]+)"', text))
        messages |= set(re.findall(r"_\('([^']+)'", text))
        for label, empty in re.findall(r'\("[^"]*", "([^"]+)", "[^"]*", "([^"]+)"\)', text):
            messages |= {label, empty}
    for labels in (
        views.KIND_TITLES,
        views.IMPORTANCE_LABELS,
        views.MOBILITY_LABELS,
        views.DRAFT_STATUS,
        views.SECTION_LABELS,
    ):
        messages |= set(labels.values())
    assert len(messages) > 80
    assert sorted(m for m in messages if m not in EN) == []


def test_translator_formats_and_falls_back_to_french() -> None:
    assert translator("en")("Résultats pour « %s »", "crédit") == "Results for “crédit”"
    assert translator("fr")("Rechercher") == "Rechercher"
    assert translator("en")("Phrase absente du catalogue") == "Phrase absente du catalogue"
    assert pick_language("de", None, "fr") == "fr"
    assert pick_language(None, "en", "fr") == "en"
