"""One-time tokens of "create" forms, so a second submit of the same form creates nothing twice."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class FormToken(Model):
    """A token consumed by a create form's first successful submit, with where its result is.

    Kept in the database (not a worker's memory, not only Redis) so every worker of every host
    sees it; the primary key makes two simultaneous submits of one token meet in the database,
    where the second waits for the first and then fails. Rows are pruned after a day.
    """

    __tablename__ = "form_token"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: The address of what the first submit created (a path of this site), shown to a repeat submit.
    result_url: Mapped[str] = mapped_column(sa.String(500), default="")
