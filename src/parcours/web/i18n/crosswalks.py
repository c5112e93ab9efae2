"""English messages of a job's equivalents and crosswalks (the job sheet's section)."""

from __future__ import annotations

EN: dict[str, str] = {
    "Équivalences et correspondances": "Equivalents and crosswalks",
    "Postes d'autres référentiels liés à ce poste : validés d'abord, puis propositions à revoir": (
        "Jobs of other referentials linked to this job: accepted first, then proposals to review"
    ),
    "référence": "reference",
    "absent de la dernière version": "not in the latest version",
    "niveau %s": "level %s",
    "validé": "accepted",
    "par %s": "by %s",
    "proposition": "proposal",
    "score %s": "score %s",
    (
        "Aucune équivalence ni correspondance pour l'instant : les liens entre postes se "
        "proposent puis se revoient dans la revue des liens."
    ): "No equivalent or crosswalk yet: job links are proposed, then reviewed in the link review.",
    # relations read from the job (services.crosswalks.RELATION_LABELS)
    "équivalent": "equivalent",
    "très proche": "very close",
    "plus large": "broader",
    "plus spécifique": "narrower",
    "apparenté": "related",
}
