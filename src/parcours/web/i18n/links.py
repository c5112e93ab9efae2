"""English messages of the link review page (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {
    (
        "Chaque lien rapproche un élément de deux référentiels différents ; la relation se lit "
        "de la source vers la cible. Accepter un lien « équivalent » ou « proche » réunit ses "
        "deux éléments en un seul."
    ): (
        "Each link brings together an item of two different referentials; the relation reads "
        "from the source to the target. Accepting an “exact match” or “close match” link makes "
        "its two items one."
    ),
    "Type de lien": "Link type",
    "toutes": "all",
    "Score minimal (0 à 1)": "Minimum score (0 to 1)",
    "Décision groupée": "Bulk decision",
    "Les %s liens proposés de ce filtre, toutes pages comprises": (
        "The %s proposed links of this filter, all pages included"
    ),
    "relation": "relation",
    "Accepter les %s liens": "Accept the %s links",
    "Rejeter les %s liens": "Reject the %s links",
    "Liens cochés": "Ticked links",
    "Accepter les liens cochés": "Accept the ticked links",
    "Rejeter les liens cochés": "Reject the ticked links",
    "Fusionner les liens cochés en un seul élément": "Merge the ticked links into one item",
    "page %s sur %s": "page %s of %s",
    "Pourquoi": "Why",
    "par": "by",
    "Relation si le lien est accepté": "Relation if the link is accepted",
    "Postes équivalents": "Equivalent jobs",
    "Aucun groupe de postes équivalents pour l'instant.": "No group of equivalent jobs yet.",
    # statuses and relations (domain.links.STATUS_LABELS, RELATION_LABELS)
    "proposé": "proposed",
    "accepté": "accepted",
    "rejeté": "rejected",
    "équivalent": "exact match",
    "proche": "close match",
    "plus large": "broader",
    "plus précis": "narrower",
    "apparenté": "related",
    # the evidence (services.links.SIGNAL_LABELS)
    "même libellé": "same label",
    "même code": "same code",
    "mêmes mots aux synonymes près": "same words once synonyms are applied",
    "un intitulé proche correspond": "an alternative title matches",
    "un libellé contient l'autre": "one label contains the other",
    "mots communs": "shared words",
    "même mot principal": "same head word",
    "orthographe voisine": "similar spelling",
    "définitions proches": "similar definitions",
    "compétences requises reliées": "linked required competencies",
    "sens proche": "similar meaning",
    "même nature": "same kind",
    "natures différentes": "different kinds",
    # after a decision (pages.links.DONE_MESSAGES)
    "%s lien accepté.": "%s link accepted.",
    "%s liens acceptés.": "%s links accepted.",
    "%s lien rejeté.": "%s link rejected.",
    "%s liens rejetés.": "%s links rejected.",
    "%s lien fusionné en une compétence canonique.": (
        "%s link merged into one canonical competency."
    ),
    "%s liens fusionnés en une compétence canonique.": (
        "%s links merged into one canonical competency."
    ),
    "Élément retiré de son groupe.": "Item removed from its group.",
    "Propositions mises à jour.": "Proposals updated.",
}
