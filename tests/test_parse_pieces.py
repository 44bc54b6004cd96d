"""Pieces the parser builds its patterns and checks from: trie-shaped alternations and a bounded edit distance."""

from __future__ import annotations

import random
import re

import pytest
from rapidfuzz.distance import Levenshtein

from vanban.parse.alternation import trie_alternation
from vanban.parse.edits import within_edits

WORDS = (("văn", " ", "bản"), ("văn", " ", "bản", " ", "này"), ("văn", " ", "bia"), ("vă",), ("chính",), ("chia",), ())


@pytest.mark.parametrize("text", [
    "", "\n", "văn bản này", "văn bản\nnày", "văn bia", "vă", "văn", "chính sách", "chia sẻ", "xvăn bản",
    "văn bản\r\nnày", "chi", "😀văn bản😀", "văn  bản", "VĂN BẢN",
])
def test_a_trie_matches_where_the_flat_alternation_does(text: str) -> None:
    for branches in (WORDS, WORDS[:1], WORDS[3:6], WORDS[:6]):
        flat = re.compile("(?:" + "|".join("".join(b) for b in branches) + ")")
        trie = re.compile(trie_alternation(branches))
        for pos in range(len(text) + 1):
            assert (flat.match(text, pos) is None) == (trie.match(text, pos) is None), (branches, text, pos)


def test_a_trie_writes_a_shared_prefix_once() -> None:
    assert trie_alternation([("a", "b"), ("a", "c")]) == "(?:a(?:b|c))"
    assert trie_alternation([("a",), ("a", "b")]) == "(?:a(?:b|))"


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("", "", 0), ("", "abc", 3), ("abcd", "", 4), ("doclaptudohanhphuc", "doclap-tudo-hanhphuc", 2),
    ("conghoaxahoichunghiavietnam", "conghoaxahoichunghiavietnam", 0), ("kitten", "sitting", 3),
    ("abc", "cab", 2), ("flaw", "lawn", 2), ("đảng", "dang", 2), ("a😀b", "ab", 1), ("😀😀", "😁😀", 1),
    ("abcdefgh", "hgfedcba", 8), ("abc", "abcdef", 3), ("abc", "abcdefg", 4),
])
@pytest.mark.parametrize("k", [0, 1, 2, 3, 4])
def test_within_edits_is_the_levenshtein_distance_bounded(a: str, b: str, distance: int, k: int) -> None:
    assert Levenshtein.distance(a, b) == distance
    assert within_edits(a, b, k) is (distance <= k)
    assert within_edits(b, a, k) is (distance <= k)


def test_within_edits_agrees_with_rapidfuzz_on_strings_a_few_edits_apart() -> None:
    rng = random.Random(17)
    for _ in range(3000):
        a = "".join(rng.choice("abđ-ơ") for _ in range(rng.randint(0, 14)))
        b = list(a)
        for _ in range(rng.randint(0, 6)):
            at = rng.randint(0, len(b))
            op = rng.randint(0, 2)
            if op == 0:
                b.insert(at, rng.choice("abx-"))
            elif b:
                b[min(at, len(b) - 1):min(at, len(b) - 1) + 1] = [] if op == 1 else [rng.choice("abx")]
        for k in range(5):
            assert within_edits(a, "".join(b), k) is (Levenshtein.distance(a, "".join(b)) <= k), (a, b, k)
