"""French conventions of the pages, in one place: the Jinja filters every template uses.

- dates ``jj/mm/aaaa`` (``|date``; with the time ``|datetime`` « 15/01/2026 à 14:05 »);
- numbers with a decimal comma and a narrow no-break space between thousands (``|number``);
- scores as percentages (``|percent``: a share 0-1 by default, ``|percent(scale=100)`` for a
  value already in percent) and money (``|euros``);
- plurals without « (s) »: ``n|count("poste", "postes")`` gives « 1 poste », « 2 postes »
  (« 0 poste » as French writes it), each word translated on an English page;
- elision: ``de(name)`` gives « d'Adam Girard », « de Noah Michel » (and the bare name on an
  English page, whose message carries its own « of »);
- the words of the code (statuses, relations, roles, warning codes) as the page's language says
  them (``|label``, the catalogue ``views.LABELS`` of the interface);
- the services' French texts (errors, a jury's reasons, audit details) in English on an English
  page (``|msg``, ``i18n.messages``).

English pages get English conventions (decimal point, « 15 Jan 2026 »).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

PARIS = ZoneInfo("Europe/Paris")
NNBSP = "\u202f"  # narrow no-break space: thousands, and before « % » and « € »
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Words starting with a vowel sound: « d'Adam », « d'Hélène » (h muet by default), « de Yann ».
_ELIDES = re.compile(r"^[aeiouyhàâäéèêëîïôöùûüœæ]", re.IGNORECASE)
_ASPIRATED_H = frozenset({"hugo", "hubert", "hervé", "herve", "henri", "hector", "hamid"})


def _lang(context: Context) -> str:
    lang = context.get("lang")
    return lang if isinstance(lang, str) else "fr"


def _translate(context: Context, text: str) -> str:
    translate = context.get("_")
    return str(translate(text)) if callable(translate) else text


def format_number(value: float | int | None, digits: int = 1, lang: str = "fr") -> str:
    """``1234.5`` -> « 1 234,5 » (English « 1,234.5 »); trailing zeros of the decimals dropped."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    if lang == "fr":
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def format_percent(value: float | None, digits: int = 0, scale: int = 1, lang: str = "fr") -> str:
    """A share (``scale`` 1) or a value in percent (``scale`` 100) -> « 56 % » / « 56% »."""
    if value is None:
        return ""
    shown = format_number(value * 100 / scale, digits, lang)
    return f"{shown}{NNBSP}%" if lang == "fr" else f"{shown}%"


def format_euros(value: float | None, lang: str = "fr") -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}" if value % 1 else f"{value:,.0f}"
    shown = text.replace(",", NNBSP).replace(".", ",") if lang == "fr" else text
    return f"{shown}{NNBSP}€" if lang == "fr" else f"€{shown}"


def format_date(value: date | datetime | str | None, lang: str = "fr") -> str:
    """A date -> « 15/01/2026 » (English « 15 Jan 2026 »); an ISO text is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(PARIS)
    if lang == "fr":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def format_datetime(value: datetime | str | None, lang: str = "fr") -> str:
    """« 15/01/2026 à 14:05 » (English « 15 Jan 2026, 14:05 »), in Paris time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return text
    if value.tzinfo is not None:
        value = value.astimezone(PARIS)
    day = format_date(value, lang)
    return f"{day} à {value:%H:%M}" if lang == "fr" else f"{day}, {value:%H:%M}"


def count(n: int, singular: str, plural: str) -> str:
    """« 1 poste », « 2 postes », « 0 poste » (French puts 0 and 1 in the singular)."""
    return f"{format_number(n, 0)} {singular if abs(n) < 2 else plural}"


def elided_of(name: str) -> str:
    """« d'Adam Girard », « de Noah Michel » (« de » before an aspirated h: « de Hugo »)."""
    name = name.strip()
    first = name.split(" ", 1)[0].lower()
    if _ELIDES.match(name) and first not in _ASPIRATED_H:
        return f"d’{name}"
    return f"de {name}"


@pass_context
def _number(context: Context, value: float | int | None, digits: int = 1) -> str:
    return format_number(value, digits, _lang(context))


@pass_context
def _percent(context: Context, value: float | None, digits: int = 0, scale: int = 1) -> str:
    return format_percent(value, digits, scale, _lang(context))


@pass_context
def _euros(context: Context, value: float | None) -> str:
    return format_euros(value, _lang(context))


@pass_context
def _date(context: Context, value: date | datetime | str | None) -> str:
    return format_date(value, _lang(context))


@pass_context
def _datetime(context: Context, value: datetime | str | None) -> str:
    return format_datetime(value, _lang(context))


@pass_context
def _count(context: Context, n: int, singular: str, plural: str) -> str:
    lang = _lang(context)
    word = _translate(context, singular if abs(n) < 2 else plural)
    if lang != "fr" and n == 0:
        word = _translate(context, plural)
    return f"{format_number(n, 0, lang)} {word}"


@pass_context
def _of(context: Context, name: str) -> str:
    return elided_of(name) if _lang(context) == "fr" else name


@pass_context
def _label(context: Context, value: Any) -> str:
    """A code word (status, relation, role, warning code) in the page's language."""
    from parcours.web.labels import LABELS

    raw = getattr(value, "value", value)
    text = LABELS.get(str(raw), str(raw))
    return _translate(context, text)


@pass_context
def _message(context: Context, text: Any) -> str:
    """A service's French text (an error, a jury's reason, an audit detail) in the page's
    language (``i18n.messages``)."""
    from parcours.web.i18n.messages import translate_message

    translate = context.get("_")
    catalogue = translate if callable(translate) else None
    return translate_message(str(text or ""), _lang(context), catalogue)


def install(env: Environment) -> None:
    """Register the filters (and ``de``) on the templates' environment."""
    env.filters.update(
        number=_number,
        percent=_percent,
        euros=_euros,
        date=_date,
        datetime=_datetime,
        count=_count,
        label=_label,
        msg=_message,
    )
    env.globals["de"] = _of
