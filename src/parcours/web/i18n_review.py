"""English messages of the review screens (issue 13): the draft's changes, sources, facts to
check and corrections, titles in capitals."""

from __future__ import annotations

EN: dict[str, str] = {
    "Intitulé dans le document": "Title in the document",
    "à vérifier": "to check",
    "mots absents du dictionnaire, laissés tels quels : %s": (
        "words missing from the dictionary, left as written: %s"
    ),
}
