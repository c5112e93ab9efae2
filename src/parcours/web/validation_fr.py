"""Validation errors in the reader's language: "cible (adresse) : valeur obligatoire" rather than
pydantic's "query.cible : Field required".

Pydantic names each error by a stable ``type`` (``missing``, ``int_parsing``…) with its bounds in
``ctx``; the message is written here in French from that type, and translated to English by the
catalogue like every other message. An error of an unknown type keeps pydantic's own message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

QUOTED = re.compile(r"'([^']*)'")

# Where the value was: the first element of pydantic's ``loc``.
PLACES = {
    "query": "paramètre de l'adresse",
    "path": "chemin",
    "body": "corps de la requête",
    "header": "en-tête",
    "cookie": "cookie",
}

# French message per pydantic error type; ``%(name)s`` takes a value of ``ctx``.
MESSAGES = {
    "missing": "valeur obligatoire",
    "missing_argument": "valeur obligatoire",
    "extra_forbidden": "champ inattendu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "decimal_parsing": "nombre attendu",
    "bool_parsing": "oui ou non attendu (true ou false)",
    "bool_type": "oui ou non attendu (true ou false)",
    "string_type": "texte attendu",
    "string_too_short": "texte trop court (au moins %(min_length)s caractère(s))",
    "string_too_long": "texte trop long (au plus %(max_length)s caractère(s))",
    "string_pattern_mismatch": "forme invalide",
    "too_short": "trop peu d'éléments (au moins %(min_length)s)",
    "too_long": "trop d'éléments (au plus %(max_length)s)",
    "greater_than": "doit être supérieur à %(gt)s",
    "greater_than_equal": "doit être supérieur ou égal à %(ge)s",
    "less_than": "doit être inférieur à %(lt)s",
    "less_than_equal": "doit être inférieur ou égal à %(le)s",
    "enum": "valeur inconnue : valeurs permises %(expected)s",
    "literal_error": "valeur inconnue : valeurs permises %(expected)s",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "json_invalid": "JSON invalide",
    "json_type": "JSON attendu",
    "date_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "date_from_datetime_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "datetime_parsing": "date et heure invalides",
    "datetime_from_date_parsing": "date et heure invalides",
    "uuid_parsing": "identifiant invalide",
    "url_parsing": "adresse invalide",
    "value_error": "valeur invalide",
}

EN = {
    "paramètre de l'adresse": "query parameter",
    "chemin": "path",
    "corps de la requête": "request body",
    "en-tête": "header",
    "cookie": "cookie",
    "valeur obligatoire": "value required",
    "champ inattendu": "unexpected field",
    "nombre entier attendu": "integer expected",
    "nombre attendu": "number expected",
    "oui ou non attendu (true ou false)": "yes or no expected (true or false)",
    "texte attendu": "text expected",
    "texte trop court (au moins %(min_length)s caractère(s))": (
        "text too short (at least %(min_length)s character(s))"
    ),
    "texte trop long (au plus %(max_length)s caractère(s))": (
        "text too long (at most %(max_length)s character(s))"
    ),
    "forme invalide": "invalid form",
    "trop peu d'éléments (au moins %(min_length)s)": "too few items (at least %(min_length)s)",
    "trop d'éléments (au plus %(max_length)s)": "too many items (at most %(max_length)s)",
    "doit être supérieur à %(gt)s": "must be greater than %(gt)s",
    "doit être supérieur ou égal à %(ge)s": "must be greater than or equal to %(ge)s",
    "doit être inférieur à %(lt)s": "must be less than %(lt)s",
    "doit être inférieur ou égal à %(le)s": "must be less than or equal to %(le)s",
    "valeur inconnue : valeurs permises %(expected)s": (
        "unknown value: allowed values %(expected)s"
    ),
    "liste attendue": "list expected",
    "objet attendu": "object expected",
    "JSON invalide": "invalid JSON",
    "JSON attendu": "JSON expected",
    "date invalide (AAAA-MM-JJ attendu)": "invalid date (YYYY-MM-DD expected)",
    "date et heure invalides": "invalid date and time",
    "identifiant invalide": "invalid identifier",
    "adresse invalide": "invalid address",
    "valeur invalide": "invalid value",
    "Requête invalide": "Invalid request",
    "« %s »": "'%s'",
    "ou": "or",
}


def message(error: Mapping[str, Any], _: Callable[..., str]) -> str:
    """The message of one pydantic error, in the translator's language."""
    template = MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return str(error.get("msg", ""))
    context = {k: _ctx(v, _) for k, v in (error.get("ctx") or {}).items()}
    try:
        return _(template) % context if "%(" in template else _(template)
    except (KeyError, ValueError, TypeError):
        return str(error.get("msg", ""))


def _ctx(value: Any, _: Callable[..., str]) -> str:
    """A bound or the allowed values: "'json' or 'csv'" -> "« json » ou « csv »"."""
    text = QUOTED.sub(lambda m: _("« %s »", m.group(1)), str(value))
    return text.replace(" or ", f" {_('ou')} ")


def location(loc: Sequence[Any], _: Callable[..., str]) -> str:
    """ "cible (paramètre de l'adresse)" for ("query", "cible"); "note (corps de la requête)" for
    ("body", "note"); the nested names joined by dots."""
    parts = [str(p) for p in loc]
    if not parts:
        return ""
    place = PLACES.get(parts[0])
    if place is None:
        return ".".join(parts)
    name = ".".join(parts[1:])
    return f"{name} ({_(place)})" if name else _(place)


def translate(raw: Sequence[Any], _: Callable[..., str]) -> tuple[list[dict[str, Any]], str]:
    """The errors as the API lists them (``loc``, ``type``, ``msg`` in the reader's language)
    and the one-line detail: "cible (paramètre de l'adresse) : valeur obligatoire"."""
    errors = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "type": str(e.get("type", "")),
            "msg": message(e, _),
        }
        for e in raw
    ]
    detail = "; ".join(
        f"{location(e['loc'], _)} : {e['msg']}" if e["loc"] else str(e["msg"]) for e in errors
    )
    return errors, detail
