"""Kind nouns grounded by meaning: a noun the lexicon does not list ("coffer", "dice", "ashcan",
"casket") is looked up in WordNet's noun taxonomy (Princeton WordNet 3.0 as Debian's
``wordnet-base`` installs it) and means a world kind when every sense of it that is a kind of
thing at all is, through its chain of hypernyms ("is a kind of"), a kind of exactly one of the
world's kinds: a coffer is a box, a die is a cube, an ashcan is a bin. A noun whose senses lead to
none of them ("tin": a vessel; "tote": a bag) or to more than one is not grounded and the goal is
refused as for any unknown word.

Why a taxonomy and not sentence embeddings: the shipped MiniLM puts single words by topic, not by
kind ("wall" nearer "cube" than "dice"), while WordNet's hypernyms say what a thing is. WordNet
synset offsets are byte offsets into ``data.noun``, so a lookup reads a few lines; the lemma index
is read once (about 0.05 s)."""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

WORDNET_DIR = Path("/usr/share/wordnet")
# World kind -> the WordNet noun synsets (offsets in WordNet 3.0 data.noun) that are that kind.
KIND_SYNSETS: dict[str, frozenset[int]] = {
    "box": frozenset({2883344}),                     # box.n.01: a (usually rectangular) container
    "cube": frozenset({3144592, 13916721, 2852523}),  # cube (the object), cube (the solid), block.n.01
    "bin": frozenset({2839910}),                     # bin.n.01: a container; usually has a lid
    "ball": frozenset({2778669, 13899404}),          # ball.n.01 (a round plaything), ball/globe/orb (the shape)
    "can": frozenset({2946921}),                     # can, tin, tin can
    "bottle": frozenset({2876657}),                  # bottle.n.01: a vessel with a narrow neck
    "plate": frozenset({3959936}),                   # plate.n.04: dish, a flat crockery piece
    "cone": frozenset({3089348, 13872592}),          # any cone-shaped artifact, the cone (shape)
}
MAX_DEPTH = 12  # hypernym steps followed from a sense
_SUFFIXES = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"),
             ("s", ""))


@lru_cache(maxsize=1)
def _index_lines() -> list[str]:
    """The lemma lines of index.noun, sorted by lemma as the file is; empty without WordNet."""
    path = WORDNET_DIR / "index.noun"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", errors="replace") as f:
        return [line for line in f if not line.startswith(" ")]


def _senses(lemma: str) -> tuple[int, ...]:
    """The noun synset offsets of ``lemma``, most frequent sense first."""
    lines = _index_lines()
    i = bisect.bisect_left(lines, lemma + " ")
    if i >= len(lines) or not lines[i].startswith(lemma + " "):
        return ()
    parts = lines[i].split()
    pointer_count = int(parts[3])
    return tuple(int(o) for o in parts[4 + pointer_count + 2:])


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    """Irregular plurals (noun.exc): "dice" -> "die"."""
    path = WORDNET_DIR / "noun.exc"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", errors="replace") as f:
        return {p[0]: p[1] for p in (line.split() for line in f) if len(p) >= 2}


@lru_cache(maxsize=4096)
def _hypernyms(offset: int) -> tuple[int, ...]:
    """The synsets one step up from ``offset`` (hypernyms and instance hypernyms)."""
    with (WORDNET_DIR / "data.noun").open("rb") as f:
        f.seek(offset)
        head = f.readline().decode("utf-8", errors="replace").partition("|")[0].split()
    if not head or int(head[0]) != offset:
        return ()
    words = int(head[3], 16)
    k = 4 + 2 * words
    pointers = [head[k + 1 + 4 * i : k + 5 + 4 * i] for i in range(int(head[k]))]
    return tuple(int(p[1]) for p in pointers if p[0] in ("@", "@i") and p[2] == "n")


def _lemmas(word: str) -> list[str]:
    """The word and its singular forms (WordNet's own exceptions, then its suffix rules)."""
    out = [word]
    if word in _exceptions():
        out.append(_exceptions()[word])
    out += [word[: -len(suffix)] + ending for suffix, ending in _SUFFIXES if word.endswith(suffix) and len(word) > len(suffix) + 1]
    return out


def _kinds_of_sense(offset: int) -> set[str]:
    kinds: set[str] = set()
    frontier, seen = [offset], {offset}
    for _ in range(MAX_DEPTH):
        kinds |= {kind for kind, anchors in KIND_SYNSETS.items() if anchors.intersection(frontier)}
        if kinds:
            return kinds
        frontier = [h for o in frontier for h in _hypernyms(o) if h not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return kinds


@lru_cache(maxsize=1024)
def ground_kind_noun(word: str) -> str | None:
    """The world kind ``word`` (lower case) names by meaning, or None (not a noun WordNet knows,
    a noun of no world kind, or one whose senses lead to more than one kind)."""
    for lemma in _lemmas(word):
        offsets = _senses(lemma)
        if not offsets:
            continue
        kinds: set[str] = set()
        for offset in offsets:
            kinds |= _kinds_of_sense(offset)
        return next(iter(kinds)) if len(kinds) == 1 else None
    return None


def available() -> bool:
    """True when WordNet's noun files are installed."""
    return bool(_index_lines())
