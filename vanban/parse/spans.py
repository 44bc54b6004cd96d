"""Moving every character span of a read document (after parsing a flattened or cut-out text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from vanban.models import Span

M = TypeVar("M", bound=BaseModel)


def remap_spans(model: M, fn: Callable[[Span], Span]) -> M:
    """A copy of ``model`` with every :class:`Span` inside it (nested models, tuples, dicts) passed through ``fn``."""
    out = _walk(model, fn)
    return out  # type: ignore[no-any-return]


def _walk(value: Any, fn: Callable[[Span], Span]) -> Any:
    if isinstance(value, Span):
        return fn(value)
    if isinstance(value, BaseModel):
        update: dict[str, Any] = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _walk(old, fn)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, tuple):
        items = tuple(_walk(v, fn) for v in value)
        return items if any(x is not y for x, y in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        d = {k: _walk(v, fn) for k, v in value.items()}
        return d if any(d[k] is not value[k] for k in value) else value
    return value
