"""Contact-centre request themes (table request_theme)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from parcours.services.ports.themes import RequestTheme
from parcours.store.models_people import RequestThemeRow


def _theme(row: RequestThemeRow) -> RequestTheme:
    return RequestTheme(
        referential=row.referential,
        name=row.name,
        competencies=tuple((str(c["competency"]), int(c["level"])) for c in row.competencies),
        min_advisors=row.min_advisors,
        share=row.share,
        id=row.id,
    )


class ThemeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_themes(self, referential: str | None = None) -> list[RequestTheme]:
        query = select(RequestThemeRow).order_by(RequestThemeRow.referential, RequestThemeRow.name)
        if referential is not None:
            query = query.where(RequestThemeRow.referential == referential)
        return [_theme(r) for r in self.session.scalars(query)]

    def _save(self, theme: RequestTheme) -> tuple[int, bool]:
        row = self.session.scalars(
            select(RequestThemeRow).where(
                RequestThemeRow.referential == theme.referential,
                RequestThemeRow.name == theme.name,
            )
        ).one_or_none()
        created = row is None
        if row is None:
            row = RequestThemeRow(referential=theme.referential, name=theme.name)
            self.session.add(row)
        row.competencies = [{"competency": c, "level": lvl} for c, lvl in theme.competencies]
        row.min_advisors = theme.min_advisors
        row.share = theme.share
        self.session.flush()
        return row.id, created

    def save_theme(self, theme: RequestTheme) -> int:
        return self._save(theme)[0]

    def save_themes(self, themes: Sequence[RequestTheme]) -> tuple[int, int]:
        created = replaced = 0
        for theme in themes:
            if self._save(theme)[1]:
                created += 1
            else:
                replaced += 1
        return created, replaced

    def delete_theme(self, theme_id: int) -> bool:
        result = self.session.execute(
            delete(RequestThemeRow).where(RequestThemeRow.id == theme_id),
            execution_options={"synchronize_session": False},
        )
        self.session.expire_all()
        return bool(getattr(result, "rowcount", 0))
