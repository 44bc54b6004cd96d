"""Moving every character span of a read document (after parsing a flattened or cut-out text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from vanban.models import Span

M = TypeVar("M", bound=BaseModel)


def remap_spans(box: list[M], fn: Callable[[Span], Span]) -> M:
    """A copy of the model in ``box`` with every :class:`Span` inside it (nested models, tuples, dicts) passed through
    ``fn``; the model is taken out of the box (which should hold its only reference).

    Each model, tuple or dict is let go as its copy is made, so the spans of a long tuple (a reference's mentions)
    are never all held twice: the old ones go as the new ones come.
    """
    out, _ = _walk(box, fn)
    return out  # type: ignore[no-any-return]


def _walk(box: list[Any], fn: Callable[[Span], Span]) -> tuple[Any, bool]:
    """The value in ``box`` (taken out) with its spans mapped, and whether it held any."""
    value = box.pop()
    if isinstance(value, Span):
        return fn(value), True
    if isinstance(value, BaseModel):
        # a copy nobody sees yet, changed as ``model_copy(update=...)`` changes its own: the fields in its
        # ``__dict__``, their names added to the fields set
        new = value.model_copy()
        del value
        fields = new.__dict__
        any_changed = False
        for name in list(fields):
            item = [fields[name]]
            fields[name] = None
            fields[name], changed = _walk(item, fn)
            if changed:
                new.__pydantic_fields_set__.add(name)
                any_changed = True
        return new, any_changed
    if isinstance(value, tuple):
        items = list(value)
        del value
        any_changed = False
        for k in range(len(items)):
            item = [items[k]]
            items[k] = None
            items[k], changed = _walk(item, fn)
            any_changed |= changed
        return tuple(items), any_changed
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        any_changed = False
        for key in list(value):
            out[key], changed = _walk([value[key]], fn)
            any_changed |= changed
        return out, any_changed
    return value, False
