"""Edit distance for the short keys the header compares: whether two keys are a few edits apart.

The header asks it of a line or two per document; computed here in a narrow band of the table, it spares
a parse the import of ``rapidfuzz`` (milliseconds at start-up, which ``--jobs`` cannot share out).
"""

from __future__ import annotations


def within_edits(a: str, b: str, k: int) -> bool:
    """Whether ``a`` becomes ``b`` by at most ``k`` insertions, deletions or substitutions (Levenshtein)."""
    n, m = len(a), len(b)
    if abs(n - m) > k:
        return False
    over = k + 1  # any cost above k: a cell outside the band |i - j| <= k costs more than k
    prev = [j if j <= k else over for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [over] * (m + 1)
        cur[0] = i if i <= k else over
        ca = a[i - 1]
        for j in range(max(1, i - k), min(m, i + k) + 1):
            cost = prev[j - 1] + (ca != b[j - 1])
            if prev[j] < cost:
                cost = prev[j] + 1
            if cur[j - 1] < cost:
                cost = cur[j - 1] + 1
            cur[j] = cost if cost < over else over
        if min(cur) > k:
            return False
        prev = cur
    return prev[m] <= k
