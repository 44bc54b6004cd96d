"""Annotated HTML: the text of a document with every citation turned into a link.

Like eyecite's ``annotate``: each full citation links to the corpus document it names (its URI)
or is marked missing ("cited, not in corpus"); each short form (``Kế hoạch này``) links to the
full citation it stands for, or is marked unresolved with the reason in its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from vanban.errors import OptionError
from vanban.link.resolve import ShortMention, short_mentions
from vanban.models import Document

if TYPE_CHECKING:
    from vanban.link.corpus import Corpus

_STYLE = """
body { font-family: "Times New Roman", serif; max-width: 52em; margin: 2em auto; }
pre { white-space: pre-wrap; font: inherit; }
a.ref { text-decoration: none; border-bottom: 2px solid #2a6; color: #063; }
a.ref.missing { border-bottom: 2px dashed #c33; color: #a00; }
a.short { border-bottom: 1px dotted #2a6; color: inherit; }
span.short.unresolved { border-bottom: 1px dotted #c33; }
"""


Mark = tuple[int, int, str, str]
"""A stretch of ``Document.text`` to wrap: start, end, opening tag, closing tag."""


def citation_marks(doc: Document, corpus: Corpus | None = None,
                   href: Callable[[str], str] | None = None) -> list[Mark]:
    """The tags around every citation and short mention of ``doc``, in text order, none overlapping.

    A full citation links to the URI of the document it names (``href(uri)`` when given) or is
    marked missing; a short form links to its antecedent's first mention.
    """
    marks: list[Mark] = []
    for i, ref in enumerate(doc.references):
        if corpus is not None:
            uri, present, conf, why = corpus.resolve_reference(ref, citing=doc)
        else:
            uri, present, conf, why = "", False, 0.0, "no corpus given"
        cls = "ref" if present else "ref missing"
        title = f"{ref.canonical}: {why}" + (f" (confidence {conf:.2f})" if present else "")
        link = (href(uri) if href else uri) if uri else ""
        for k, sp in enumerate(ref.mentions or (ref.span,)):
            anchor = f' id="ref-{i}"' if k == 0 else ""
            attr = f' href="{escape(link)}"' if link else ""
            marks.append((sp.start, sp.end, f'<a class="{cls}"{anchor}{attr} data-relation="{ref.relation}" '
                                            f'title="{escape(title)}">', "</a>"))
    index = {r.canonical: i for i, r in reversed(list(enumerate(doc.references)))}
    for s in short_mentions(doc):
        marks.append((s.span.start, s.span.end, *_short_tags(s, index)))
    marks.sort(key=lambda m: (m[0], -m[1]))
    kept: list[Mark] = []
    pos = 0
    for mark in marks:
        if mark[0] < pos:
            continue  # overlapping marks: the first (outermost) wins
        kept.append(mark)
        pos = mark[1]
    return kept


def annotate(doc: Document, corpus: Corpus | None = None) -> str:
    """The HTML page of ``doc.text`` with its citations linked (resolved against ``corpus`` if given)."""
    if corpus is not None and not callable(getattr(corpus, "resolve_reference", None)):
        raise OptionError(f"annotate links against a Corpus, not {type(corpus).__name__}")
    text = doc.text
    out: list[str] = []
    pos = 0
    for start, end, open_tag, close_tag in citation_marks(doc, corpus):
        out.append(escape(text[pos:start]))
        out.append(open_tag + escape(text[start:end]) + close_tag)
        pos = end
    out.append(escape(text[pos:]))
    title = doc.number.canonical if doc.number else (doc.source or "document")
    return ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<pre>"
            + "".join(out) + "</pre>\n</body>\n</html>\n")


def _short_tags(s: ShortMention, index: dict[str, int]) -> tuple[str, str]:
    if s.self_reference:
        return f'<span class="short self" title="{escape(s.reason)}">', "</span>"
    if s.target is not None and s.target in index:
        return (f'<a class="short" href="#ref-{index[s.target]}" title="{escape(s.target + ": " + s.reason)}">',
                "</a>")
    return f'<span class="short unresolved" title="{escape(s.reason)}">', "</span>"
