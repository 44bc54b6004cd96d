"""Alternations of token sequences written as a trie: branches that open alike share their first tokens.

A pattern of many branches of letter classes compiles in time proportional to the classes written; a
shared prefix is written (and compiled) once. The trie matches at the same places as the flat alternation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def trie_alternation(branches: Iterable[Sequence[str]]) -> str:
    """A non-capturing group matching at the places any of ``branches`` (each a sequence of pattern tokens) matches."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for tokens in branches:
        node = root
        for t in tokens:
            node = node.setdefault(t, {})
        node[""] = {}
    return "(?:" + _group(root) + ")"


def _group(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """The alternation of the branches below ``node`` (``""`` marks a branch ending there)."""
    alts = [t + _group(child) if child else t for t, child in sorted(node.items()) if t]
    if "" in node:
        alts.append("")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"
