"""Fuzzy subsequence matching for the picker: a score and the matched positions."""

from __future__ import annotations

from dataclasses import dataclass

# Every matched character earns MATCH plus the bonus of where it sits. Starting a gap
# costs more than making one longer, so one tight run beats scattered hits.
MATCH = 16
GAP_START = -3
GAP_EXTENSION = -1
BONUS_BOUNDARY = 8  # after / - _ . space, or the first character
BONUS_CAMEL = 7  # an upper-case letter after a lower-case one, or a digit after a letter
BONUS_CONSECUTIVE = 4  # the least a character right after the previous hit earns
FIRST_CHAR_MULTIPLIER = 2  # where the query starts matters most
BONUS_PREFIX = 4  # the text itself starts there (a tie-breaker more than a reward)

SEPARATORS = frozenset("/-_. :")
# How many starting points of the first query character to try per text.
MAX_STARTS = 12


@dataclass(frozen=True)
class Match:
    score: int
    positions: tuple[int, ...]


def fold(text: str) -> str:
    """Lower case, position for position (a few letters grow when lowered: kept as is)."""
    folded = text.lower()
    return folded if len(folded) == len(text) else text


def smart_case(query: str) -> bool:
    """Case matters only when the query has an upper-case letter."""
    return query != query.lower()


def _bonus(text: str, i: int) -> int:
    if i == 0:
        return BONUS_BOUNDARY
    prev, ch = text[i - 1], text[i]
    if prev in SEPARATORS:
        return BONUS_BOUNDARY
    if prev.islower() and ch.isupper():
        return BONUS_CAMEL
    if ch.isdigit() and not prev.isdigit():
        return BONUS_CAMEL
    return 0


def score_positions(text: str, positions: tuple[int, ...]) -> int:
    """The score of matching at these (increasing) positions of `text`."""
    total = 0
    run_bonus = 0
    prev = -2
    for n, i in enumerate(positions):
        bonus = _bonus(text, i)
        if i == prev + 1:
            # A run keeps the bonus of where it began: "fe" in "feature" scores like "f".
            run_bonus = max(run_bonus, bonus, BONUS_CONSECUTIVE)
            bonus = run_bonus
        else:
            if n > 0:
                gap = i - prev - 1
                total += GAP_START + GAP_EXTENSION * (gap - 1)
            run_bonus = bonus
        total += MATCH + (bonus * FIRST_CHAR_MULTIPLIER if n == 0 else bonus)
        prev = i
    if positions and positions[0] == 0:
        total += BONUS_PREFIX
    return total


def _forward(haystack: str, needle: str, start: int) -> list[int] | None:
    """Earliest positions of `needle` in `haystack`, its first character at `start`."""
    found = [start]
    at = start
    for ch in needle[1:]:
        at = haystack.find(ch, at + 1)
        if at < 0:
            return None
        found.append(at)
    return found


def _backward(haystack: str, needle: str, end: int) -> tuple[int, ...]:
    """Latest positions ending at `end`: the tightest window for that end."""
    found = [end]
    at = end
    for ch in reversed(needle[:-1]):
        at = haystack.rfind(ch, 0, at)
        found.append(at)
    return tuple(reversed(found))


def _snap_to_boundaries(haystack: str, needle: str, positions: tuple[int, ...]) -> tuple[int, ...]:
    """Move hits that start a run onto a word start, when one is free in between.

    "fb" in "feature/fix-bug": the tight window already lands on "fix" and "bug"; this
    also fixes cases like "lg" in "blog/login-gate" where the last "l" is not a word start.
    """
    snapped = list(positions)
    for n in range(len(snapped)):
        i = snapped[n]
        if _bonus(haystack, i) >= BONUS_BOUNDARY:
            continue
        if (n + 1 < len(snapped) and snapped[n + 1] == i + 1) or (
            n > 0 and snapped[n - 1] == i - 1
        ):
            continue  # part of a run: moving it would break the run
        low = snapped[n - 1] + 1 if n > 0 else 0
        high = snapped[n + 1] if n + 1 < len(snapped) else len(haystack)
        ch = needle[n]
        at = haystack.find(ch, low, high)
        while at >= 0:
            if _bonus(haystack, at) >= BONUS_BOUNDARY:
                snapped[n] = at
                break
            at = haystack.find(ch, at + 1, high)
    return tuple(snapped)


def match(query: str, text: str, folded: str | None = None) -> Match | None:
    """Match `query` as a subsequence of `text`; None when it is not one.

    `folded` is `fold(text)` when the caller has it at hand (the picker folds every row
    once, not on each keystroke). Case is ignored unless the query has capitals.
    """
    if not query:
        return Match(0, ())
    if smart_case(query):
        haystack = text
    else:
        haystack = folded if folded is not None else fold(text)
    needle = query
    first = haystack.find(needle[0])
    if first < 0:
        return None
    best: Match | None = None
    seen_ends: set[int] = set()
    start = first
    tries = 0
    while start >= 0 and tries < MAX_STARTS:
        tries += 1
        forward = _forward(haystack, needle, start)
        if forward is None:
            break  # a later start cannot succeed where an earlier one failed
        end = forward[-1]
        if end not in seen_ends:
            seen_ends.add(end)
            for positions in {tuple(forward), _backward(haystack, needle, end)}:
                snapped = _snap_to_boundaries(haystack, needle, positions)
                for candidate in {positions, snapped}:
                    score = score_positions(text, candidate)
                    if best is None or score > best.score:
                        best = Match(score, candidate)
        start = haystack.find(needle[0], start + 1)
    return best
