"""A language model of spoken goals for the speech recogniser, generated from goal understanding's
own lexicon (lam_core.language.lexicon, motion): sentences are drawn from request shapes (go,
pick, place, find, avoid, stop, return, turn and drive, questions, corrections, sequences,
follow-ups such as "the left one" and "do it again") filled
with every word the lexicon knows, and counted into a trigram model with absolute discounting and
Katz back-off weights, written in ARPA text.

A floor of probability over every word the lexicon knows keeps a wording that no shape foresaw
possible; a word outside the lexicon is not in the model, so the recogniser cannot hear it, and
goal understanding would not have understood it anyway.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from lam_core.language import lexicon, motion
from lam_core.vocabulary import COLORS, LABELS

SENTENCE_START, SENTENCE_END = "<s>", "</s>"
DISCOUNT = 0.5            # absolute discount per seen n-gram
UNIGRAM_FLOOR = 0.15      # share of unigram mass spread evenly over the whole vocabulary
DEFAULT_SENTENCES = 40000

_ARTICLES = ("the", "the", "the", "a", "that", "this", "")
# The words people say most in each slot, drawn COMMON_SHARE of the time; the slot's whole list the rest.
COMMON_SHARE = 0.6
_COMMON = {
    "c": COLORS,
    "k": (*LABELS, "block", "basket", "object", "thing", "one"),
    "goto": ("go", "drive", "move", "head", "come", "navigate"), "pick": ("pick", "grab", "take", "get", "lift"),
    "place": ("put", "place", "drop", "bring", "move"), "find": ("find", "look", "search", "locate"),
}
_QUESTIONS = ("what do you see", "what can you see", "what is in front of you", "how many {k}s do you see",
              "how many {k}s are there", "is there a {c} {k}", "do you see a {c} {k}", "where is the {c} {k}",
              "which {k} is closest", "what colour is the {k}", "what color is the {k}", "are you holding anything",
              "what are you holding", "can you see the {c} {k}", "is the {c} {k} near you", "tell me what you see")
_SHAPES = (
    "{goto} to {o}", "{goto} over to {o}", "{goto} towards {o}", "{goto} up to {o}", "{goto} next to {o}",
    "{pick} up {o}", "{pick} {o}", "{pick} {o} up", "{place} {o} in {o}", "{place} {o} into {o}", "{place} it in {o}",
    "{pick} up {o} and {place} it in {o}", "{pick} {o} then {place} it into {o}", "{find} {o}", "{find} for {o}",
    "{prohibit} {o}", "{prohibit} {o} and {goto} to {o}", "{goto} to {o} but {prohibit} {o}",
    "{neg} {goto} to {o}", "{neg} {pick} {o}", "{neg} touch {o}", "{goto} to {o} {slow}", "{slow} {goto} to {o}",
    "{goto} to {o} {seq} {goto} to {o}", "{pick} up {o} {seq} {goto} to {o}", "{correction} {goto} to {o}",
    "{goto} to {o} {correction} {o}", "{stop}", "{return}", "{goto} {side}", "turn {side}", "{turn} {amount}",
    "{turn} {side} {number} degrees", "{move} {forward} {number} {unit}", "{move} {backward} {number} {unit}",
    "{move} {forward} {vague}", "{goto} to the {rank} {k}", "{goto} to {o} {relation} {o}", "{approach} {o}",
    "{filler} {goto} to {o}", "{filler} {pick} up {o}", "{filler} {question}", "{question}",
    "{goto} to {o} and tell me what you see", "{place} {o} {relation} {o}", "{pick} up the {rank} {k}",
    "{goto} to the point {coord} {coord}", "{goto} to position {coord} {coord}", "{goto} to the spot {coord} {coord}",
    "{find} {o} and if you can't find it {return}", "{find} {o} otherwise {return}", "{find} {o} or {return}",
    "if you see {o} {goto} to it", "if you see {o} {pick} it up otherwise {goto} to {o}", "if {o} is empty {place} {o} in it",
    "sort the cubes by colour", "sort the cubes by color", "{place} each cube in the bin of the same colour",
    "{place} one cube in each bin", "{place} {o} in the matching bin", "{goto} around {o} to {o}", "wait at {o}",
    "{goto} to {o} {number} {unit} away", "is {o} empty if so {place} {o} in it",
    "{goto} to {o} but stop if you see {o}", "{goto} to {o} and if you see {o} on the way {pick} it up",
    "wait {number} seconds", "wait {number} seconds then {goto} to {o}", "{find} {o} within a minute",
    "look for something {c}", "bring me {o}",
    "never mind", "cancel that", "call it off", "that's all", "forget it", "come here", "come to me", "tidy up",
    "clean up", "put everything away", "get rid of it", "{goto} to {o} and do not bump into {o}",
    "{goto} to {o} without hitting {o}", "{goto} to {o} and watch out for {o}", "take {o} to {o}",
    "{pick} {o} and drop it off at {o}", "get ready to {pick} up {o}", "{find} a {k}", "if you have {o} {place} it in {o}",
    "if your gripper is empty {pick} up {o}", "{goto} to {o} then back to the first one",
    "{goto} to {o} if {o} appears {goto} to it instead",
    "the {side} one", "the one on the {side}", "the {rank} one", "the {c} one", "no the {c} one", "no {o}",
    "i meant {o}", "not the {c} one", "do it again", "again", "once more", "repeat that", "try again",
)


def _words(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v and all(ch.isalpha() or ch in " '" for ch in v)}))


def _vocabulary_slots() -> dict[str, tuple[str, ...]]:
    colors = _words([w for ws in lexicon.COLOR_WORDS.values() for w in ws] + list(lexicon.OTHER_COLORS))
    kinds = _words([w for ws in lexicon.KIND_WORDS.values() for w in ws] + list(lexicon.ANY_KIND_WORDS))
    cues = {intent: _words(words) for intent, words in lexicon.ACTION_CUES.items()}
    return {
        "c": colors, "k": kinds, "goto": cues["goto"] + ("go", "go", "drive", "move", "head"),
        "pick": cues["pick"] + ("pick", "pick", "grab"), "place": cues["place"] + ("put", "put", "place"),
        "find": cues["find"] + ("find", "look", "search"), "approach": cues["approach"],
        "prohibit": _words(lexicon.PROHIBITION_PHRASES), "neg": ("do not", "don't", "never", "please don't"),
        "slow": _words(lexicon.SLOW_PHRASES + tuple(lexicon.SLOW_WORDS)),
        "seq": _words(lexicon.SEQUENCE_MARKERS), "correction": _words(lexicon.CORRECTION_MARKERS),
        "stop": _words(lexicon.STOP_PHRASES), "return": _words(lexicon.RETURN_PHRASES),
        "side": _words(lexicon.LEFT_WORDS | lexicon.RIGHT_WORDS | {"around", "back"}),
        "turn": _words(motion.TURN_VERBS), "move": _words(motion.MOVE_VERBS),
        "forward": _words(motion.FORWARD_WORDS), "backward": _words(motion.BACKWARD_WORDS),
        "amount": ("around", "a quarter turn", "half a turn", "a full turn", "ninety degrees", "all the way around"),
        "number": (*_words(lexicon.NUMBER_WORDS), "half a", "one and a half", "a", "twenty", "thirty", "forty five",
                   "sixty", "ninety", "fifty", "one hundred and eighty"),
        "unit": _words(u for u in motion.DISTANCE_UNITS_M if len(u) > 2),
        "coord": ("zero", "one", "two", "three", "four", "minus one", "minus two", "negative one", "zero point five",
                  "one point five", "two point five", "zero point two five", "one point two", "minus zero point five"),
        "vague": tuple(" ".join(v) for v in motion.VAGUE_DISTANCES),
        "rank": _words(lexicon.NEAREST_WORDS | lexicon.FARTHEST_WORDS | lexicon.LARGEST_WORDS
                       | lexicon.SMALLEST_WORDS | lexicon.LEFT_WORDS | lexicon.RIGHT_WORDS
                       | set(lexicon.ORDINALS) | lexicon.OTHER_WORDS),
        "relation": ("next to", "near", "beside", "closest to", "nearest to", "behind", "in front of", "left of",
                     "right of", "by"),
        "filler": _words(("please", "robot", "hey robot", "ok robot", "okay", "now", "could you", "can you",
                          "would you please", "i want you to", "i need you to", "your task is to", "go ahead and",
                          "let's", "kindly", "you should", "try to", "i'd like you to")),
    }


def goal_sentences(rng: np.random.Generator, count: int = DEFAULT_SENTENCES) -> list[str]:
    """``count`` goal sentences drawn from the request shapes and the lexicon's words."""
    slots = {k: tuple(v) for k, v in _vocabulary_slots().items()}
    sentences: list[str] = []

    def fill(template: str) -> str:
        out = template
        while "{" in out:
            start = out.index("{")
            key = out[start + 1: out.index("}", start)]
            if key == "o":
                value = " ".join(w for w in (str(rng.choice(_ARTICLES)), fill("{c}") if rng.random() < 0.8 else "",
                                             fill("{k}")) if w)
            elif key == "question":
                value = fill(str(rng.choice(_QUESTIONS)))
            elif key in _COMMON and rng.random() < COMMON_SHARE:
                value = str(rng.choice(_COMMON[key]))
            else:
                value = str(rng.choice(slots[key]))
            out = out[:start] + value + out[out.index("}", start) + 1:]
        return out

    for _ in range(count):
        sentences.append(" ".join(fill(str(rng.choice(_SHAPES + _QUESTIONS))).replace("'s ", " 's ").split()))
    return sentences


def vocabulary() -> set[str]:
    """Every word the model may hear: the lexicon's words and the shapes' own."""
    words = set(lexicon.NON_OBJECT_NOUNS | lexicon.FILLER_WORDS | lexicon.HESITATION_WORDS
                | lexicon.NEGATION_WORDS | lexicon.MANNER_CLAUSE_WORDS | lexicon.RESULT_STATE_WORDS
                | lexicon.WISH_PLACE_WORDS)
    for values in _vocabulary_slots().values():
        for phrase in values:
            words.update(phrase.split())
    for template in _SHAPES + _QUESTIONS:
        words.update(w for w in template.split() if "{" not in w)
    return {w for w in words if w and w.replace("'", "").isalpha()}


def build_arpa(sentences: Sequence[str], extra_words: Iterable[str] = (), discount: float = DISCOUNT,
               floor: float = UNIGRAM_FLOOR) -> str:
    """A trigram model of ``sentences`` in ARPA text: absolute discounting, Katz back-off weights,
    unigram mass ``floor`` spread over the vocabulary (``extra_words`` included)."""
    counts: list[Counter[tuple[str, ...]]] = [Counter(), Counter(), Counter()]
    for sentence in sentences:
        words = [SENTENCE_START, *sentence.split(), SENTENCE_END]
        for i in range(len(words)):
            for order in range(3):
                if i >= order:
                    counts[order][tuple(words[i - order: i + 1])] += 1
    vocab = sorted({w for (w,) in counts[0]} | set(extra_words) | {SENTENCE_START, SENTENCE_END})
    total = sum(n for (w,), n in counts[0].items() if w != SENTENCE_START)
    spoken = [w for w in vocab if w != SENTENCE_START]
    unigram = {w: (1.0 - floor) * counts[0][(w,)] / total + floor / len(spoken) for w in spoken}

    def discounted(order_counts: Counter[tuple[str, ...]], lower_fn: Callable[[tuple[str, ...]], float],
                   ) -> tuple[dict[tuple[str, ...], float], dict[tuple[str, ...], float]]:
        """Discounted probabilities of ``order_counts`` over ``lower_fn`` and each history's back-off weight."""
        history_total: Counter[tuple[str, ...]] = Counter()
        followers: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for gram, n in order_counts.items():
            history_total[gram[:-1]] += n
            followers[gram[:-1]].append(gram[-1])
        probs = {}
        for gram, n in order_counts.items():
            h = gram[:-1]
            probs[gram] = (n - discount) / history_total[h] + discount * len(followers[h]) / history_total[h] * lower_fn(gram[1:])
        backoff = {}
        for h, words in followers.items():
            seen = sum(probs[(*h, w)] for w in words)
            seen_lower = sum(lower_fn((*h[1:], w)) for w in words)
            backoff[h] = math.log10(max(1e-12, 1.0 - seen) / max(1e-12, 1.0 - seen_lower))
        return probs, backoff

    def p_uni(gram: tuple[str, ...]) -> float:
        return unigram[gram[-1]]

    bigram, backoff1 = discounted(counts[1], p_uni)

    def p_bi(gram: tuple[str, ...]) -> float:
        if gram in bigram:
            return bigram[gram]
        return float(10.0 ** backoff1.get(gram[:1], 0.0) * unigram[gram[-1]])

    trigram, backoff2 = discounted(counts[2], p_bi)
    lines = ["\\data\\", f"ngram 1={len(vocab)}", f"ngram 2={len(bigram)}", f"ngram 3={len(trigram)}", "", "\\1-grams:"]
    for w in vocab:
        logp = -99.0 if w == SENTENCE_START else math.log10(unigram[w])
        lines.append(f"{logp:.5f} {w} {backoff1.get((w,), 0.0):.5f}")
    lines += ["", "\\2-grams:"]
    for gram, p in bigram.items():
        lines.append(f"{math.log10(p):.5f} {' '.join(gram)} {backoff2.get(gram, 0.0):.5f}")
    lines += ["", "\\3-grams:"]
    for gram, p in trigram.items():
        lines.append(f"{math.log10(p):.5f} {' '.join(gram)}")
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)
