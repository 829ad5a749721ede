"""CTC prefix beam search over letters with a word trigram language model.

The learned recogniser (lam_core.voice.speech_model) gives, per 20 ms step, log-probabilities
over CTC's blank and the letters. The search keeps the ``beam`` most probable letter prefixes;
each time a word ends (a space, or the end of the utterance) the prefix is weighted by the
language model: ``alpha`` times the word's natural-log probability given the two words before it,
plus ``beta`` per word. Words the model does not know get ``unknown_log10`` (log10), so an
unexpected word can still win on strong acoustic evidence. With a ``Lexicon``, a spelling that
leaves its words costs ``outside_lexicon`` (the network alone writes English as it sounds: "a
proch" for "approach"). A pause of
``pause_steps`` steps or more before a word becomes a comma, as in greedy decoding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lam_core.voice.goal_language_model import SENTENCE_END, SENTENCE_START

LN10 = math.log(10.0)
BLANK = 0
DICTIONARY = Path("/usr/share/dict/american-english")


class WordTrigram:
    """A back-off trigram model read from ARPA text: log10 probabilities and back-off weights."""

    def __init__(self, arpa: str) -> None:
        self.logp: dict[tuple[str, ...], float] = {}
        self.backoff: dict[tuple[str, ...], float] = {}
        order = 0
        for raw in arpa.splitlines():
            line = raw.strip()
            if not line or line.startswith("ngram ") or line in ("\\data\\", "\\end\\"):
                continue
            if line.startswith("\\") and line.endswith("-grams:"):
                order = int(line[1])
                continue
            fields = line.split()
            if order == 0 or len(fields) < order + 1:
                raise ValueError(f"not an ARPA model line: {line!r}")
            gram = tuple(fields[1: order + 1])
            self.logp[gram] = float(fields[0])
            if len(fields) > order + 1:
                self.backoff[gram] = float(fields[order + 1])
        self.vocabulary = frozenset(g[0] for g in self.logp if len(g) == 1)

    def log10_prob(self, history: tuple[str, ...], word: str) -> float | None:
        """log10 P(word | history) with back-off; None for a word outside the vocabulary."""
        if word not in self.vocabulary:
            return None
        penalty = 0.0
        context = history[-2:]
        while True:
            gram = (*context, word)
            if gram in self.logp:
                return penalty + self.logp[gram]
            penalty += self.backoff.get(context, 0.0)
            context = context[1:]


class Lexicon:
    """The words that may be spelt, and every beginning of one."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        self.prefixes = frozenset(w[:i] for w in self.words for i in range(1, len(w) + 1))

    @staticmethod
    def english(extra: Iterable[str] = ()) -> Lexicon:
        """``extra`` and the system word list (DICTIONARY, Debian's wamerican), lower case, letters
        and apostrophes only."""
        words = set(extra)
        if DICTIONARY.is_file():
            for word in DICTIONARY.read_text(encoding="utf-8", errors="ignore").split():
                if word.islower() and word.replace("'", "").isalpha() and word.isascii():
                    words.add(word)
        return Lexicon(words)


@dataclass(frozen=True)
class BeamSettings:
    """Beam width, language model weight (times the natural log probability), bonus per word
    (natural log), log10 probability of a word the language model does not know, cost of a
    spelling outside the lexicon (natural log), symbols below ``prune_log_prob`` (natural log) at
    a step are not tried, and the pause that becomes a comma [steps]. The defaults were chosen on
    the development goals spoken in the training voices (never the test goals or held-out voices)."""

    beam: int = 32
    alpha: float = 0.5
    beta: float = 1.5
    unknown_log10: float = -6.0
    outside_lexicon: float = 12.0
    prune_log_prob: float = -9.0
    pause_steps: int = 15


def _logsumexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high = max(a, b)
    return high + math.log1p(math.exp(-abs(a - b)))


class _Prefix:
    __slots__ = ("best", "blank", "last_step", "letter", "words")

    def __init__(self, words: tuple[str, ...]) -> None:
        self.blank = -math.inf     # log P(prefix, last step blank)
        self.letter = -math.inf    # log P(prefix, last step a symbol)
        self.last_step = -1        # step of the prefix's last letter, on its most probable path
        self.best = -math.inf      # log probability of the path that set last_step
        self.words = words         # finished words, for the language model

    @property
    def total(self) -> float:
        return _logsumexp(self.blank, self.letter)


def _word_weight(lm: WordTrigram | None, words: tuple[str, ...], word: str, settings: BeamSettings) -> float:
    if lm is None:
        return settings.beta
    logp = lm.log10_prob((SENTENCE_START, *words)[-2:], word)
    return settings.alpha * LN10 * (settings.unknown_log10 if logp is None else logp) + settings.beta


def _leaving(lexicon: Lexicon | None, partial: str, char: str, settings: BeamSettings) -> float:
    """The cost of writing ``char`` after ``partial`` (the word so far): outside_lexicon when it
    takes the spelling out of the lexicon's words, once per word; else 0."""
    if lexicon is None or partial + char in lexicon.prefixes:
        return 0.0
    return settings.outside_lexicon if (not partial or partial in lexicon.prefixes) else 0.0


def _unfinished(lexicon: Lexicon | None, word: str, settings: BeamSettings) -> float:
    """The cost of ending ``word`` there: outside_lexicon when it is a lexicon word's beginning
    but no word (a spelling that left the lexicon earlier has paid already)."""
    if lexicon is None or word in lexicon.words or word not in lexicon.prefixes:
        return 0.0
    return settings.outside_lexicon


def _add(following: dict[str, _Prefix], text: str, words: tuple[str, ...], score: float,
         last_step: int, blank: bool = False) -> None:
    """Add a path of log probability ``score`` ending in ``text`` to ``following``; the most
    probable path into a prefix gives it the step of its last letter."""
    entry = following.get(text)
    if entry is None:
        entry = following[text] = _Prefix(words)
    if blank:
        entry.blank = _logsumexp(entry.blank, score)
    else:
        entry.letter = _logsumexp(entry.letter, score)
    if score > entry.best:
        entry.best, entry.last_step = score, last_step


def beam_search(log_probs: np.ndarray, alphabet: str, lm: WordTrigram | None,
                settings: BeamSettings = BeamSettings(), lexicon: Lexicon | None = None) -> list[tuple[str, float]]:
    """The best hypotheses of one utterance's (steps, 1 + len(alphabet)) log-probabilities, best
    first, as (text with commas at pauses, log score with the language model and the lexicon)."""
    space = alphabet.index(" ") + 1
    beams: dict[str, _Prefix] = {"": _Prefix(())}
    beams[""].blank = 0.0
    for step in range(log_probs.shape[0]):
        row = log_probs[step]
        candidates = np.flatnonzero(row >= settings.prune_log_prob)
        if candidates.size == 0:
            candidates = np.array([int(row.argmax())])
        following: dict[str, _Prefix] = {}

        for text, prefix in beams.items():
            total = prefix.total
            for symbol in candidates:
                p = float(row[symbol])
                if symbol == BLANK:
                    _add(following, text, prefix.words, total + p, prefix.last_step, blank=True)
                    continue
                last = text[-1] if text else ""
                if symbol == space:
                    if not text or last == " ":  # no leading or double spaces: stays the same prefix
                        _add(following, text, prefix.words, total + p, prefix.last_step)
                        continue
                    word = text.rsplit(" ", 1)[-1].strip(",")
                    weight = _word_weight(lm, prefix.words, word, settings) - _unfinished(lexicon, word, settings)
                    _add(following, text + " ", (*prefix.words, word), total + p + weight, prefix.last_step)
                    continue
                char = alphabet[symbol - 1]
                partial = text.rsplit(" ", 1)[-1] if text else ""
                cost = _leaving(lexicon, partial, char, settings)
                if char == last:  # a repeat: the same letter again only after a blank
                    _add(following, text, prefix.words, prefix.letter + p, step)
                    if prefix.blank > -math.inf:
                        _add(following, text + char, prefix.words, prefix.blank + p - cost, step)
                    continue
                new_text = text
                if last == " " and prefix.words and step - prefix.last_step >= settings.pause_steps:
                    new_text = text[:-1] + ", "
                _add(following, new_text + char, prefix.words, total + p - cost, step)
        beams = dict(sorted(following.items(), key=lambda kv: kv[1].total, reverse=True)[: settings.beam])
    finished: dict[str, float] = {}
    for text, prefix in beams.items():
        score, words = prefix.total, prefix.words
        clean = text.strip()
        if text and not text.endswith(" "):
            word = text.rsplit(" ", 1)[-1].strip(",")
            score += _word_weight(lm, words, word, settings) - _unfinished(lexicon, word, settings)
            words = (*words, word)
        if lm is not None and words:
            end = lm.log10_prob((SENTENCE_START, *words)[-2:], SENTENCE_END)
            score += settings.alpha * LN10 * (end if end is not None else settings.unknown_log10)
        clean = clean.rstrip(",")
        if clean not in finished or score > finished[clean]:
            finished[clean] = score
    return sorted(finished.items(), key=lambda kv: kv[1], reverse=True)
