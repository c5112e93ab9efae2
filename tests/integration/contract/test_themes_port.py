"""ThemeStore (services/ports/themes.py): the fake and the SQL store alike."""

from __future__ import annotations

from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.themes import RequestTheme


def theme(uow: UnitOfWork, theme_id: int) -> RequestTheme | None:
    return next((t for t in uow.themes.list_themes() if t.id == theme_id), None)


def test_themes_are_one_per_referential_and_name(port_uow: UowFactory) -> None:
    credit = RequestTheme("banque", "crédit", (("crm", 2), ("vente", 3)), 3, 0.25)
    with port_uow() as uow:
        first = uow.themes.save_theme(credit)
        assert uow.themes.save_themes(
            [
                RequestTheme("banque", "assurance", (("crm", 1),)),
                RequestTheme("assur", "sinistre", ()),
            ]
        ) == (2, 0)
        uow.commit()
    with port_uow() as uow:
        assert theme(uow, first) == RequestTheme(
            "banque", "crédit", (("crm", 2), ("vente", 3)), 3, 0.25, id=first
        )
        assert [(t.referential, t.name) for t in uow.themes.list_themes()] == [
            ("assur", "sinistre"),
            ("banque", "assurance"),
            ("banque", "crédit"),
        ]
        assert [t.name for t in uow.themes.list_themes("banque")] == ["assurance", "crédit"]
        # the same referential and name: replaced, same id
        again = uow.themes.save_theme(RequestTheme("banque", "crédit", (("crm", 4),)))
        assert again == first
        assert uow.themes.save_themes([RequestTheme("banque", "crédit", ())]) == (0, 1)
        uow.commit()
    with port_uow() as uow:
        replaced = theme(uow, first)
        assert replaced is not None and replaced.competencies == ()
        assert replaced.min_advisors == 2 and replaced.share is None
        assert uow.themes.delete_theme(first) and not uow.themes.delete_theme(first)
        assert theme(uow, first) is None
        uow.commit()
    with port_uow() as uow:
        assert len(uow.themes.list_themes()) == 2
