"""Field shapes that several models share."""

from __future__ import annotations

from typing import Any

from django.db import models


def optional_key(
    to: type[models.Model] | str,
    *,
    on_delete: Any = models.PROTECT,
    related_name: str | None = "+",
    **options: Any,
) -> models.ForeignKey[Any, Any]:
    """An optional foreign key (``null`` and ``blank``): protected, and with no way back from
    the row it names, unless said otherwise."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=on_delete, related_name=related_name, **options
    )
