"""The intent model: a clause whose words carry no cue the lexicon knows is classified by its
sentence embedding (all-MiniLM-L6-v2, lam_core.text) against example requests of every intent,
nearest neighbours by cosine similarity. Object words are masked first ("the thing"), so only the
way of asking counts. An "unrelated" class holds requests outside the robot's skills, so that
"dance" or "open the door" are not forced onto the nearest skill."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from lam_core.language import lexicon as lx
from lam_core.text import TextEncoder

UNRELATED = "unrelated"
MIN_SIMILARITY = 0.5   # below this nothing is close enough to call it understood
MIN_MARGIN = 0.03      # the best intent must beat the runner-up by this much

EXAMPLES: dict[str, tuple[str, ...]] = {
    "goto": ("go to the thing", "drive to the thing", "head over to the thing", "make your way to the thing",
             "I'd like you next to the thing", "I want you beside the thing", "be next to the thing",
             "your destination is the thing", "move over to the thing", "travel to the thing",
             "get yourself over to the thing", "pay the thing a visit", "park in front of the thing",
             "end up at the thing", "roll up to the thing", "proceed towards the thing", "the thing, please go there",
             "I need you by the thing", "position the robot at the thing", "come over to the thing"),
    "approach": ("approach the thing", "line up with the thing", "align yourself with the thing",
                 "get in position to grab the thing", "get within reach of the thing",
                 "get close enough to grab the thing", "set yourself up in front of the thing for grasping"),
    "find": ("find the thing", "look for the thing", "search for the thing", "locate the thing",
             "where is the thing, go find it", "track down the thing", "hunt for the thing",
             "see if you can spot the thing somewhere", "look around until you see the thing",
             "the thing is somewhere around, find it"),
    "pick": ("pick up the thing", "grab the thing", "take the thing", "lift the thing", "collect the thing",
             "fetch the thing", "get hold of the thing", "snatch the thing", "retrieve the thing",
             "hold the thing in your gripper", "I need the thing in your hand", "grasp the thing"),
    "place": ("put the thing in the thing", "drop the thing into the thing", "stash the thing in the thing",
              "deposit the thing inside the thing", "toss the thing into the thing", "move the thing into the thing",
              "bring the thing over to the thing", "load the thing into the thing", "get the thing into the thing",
              "the thing belongs in the thing"),
    "stop": ("stop", "halt", "freeze", "stop moving", "stand still", "don't move", "hold it right there",
             "that's enough, stop", "cancel everything", "wait right there", "stay where you are"),
    "return": ("come back", "return to where you started", "go back to the start", "head back home",
               "return to your starting point", "go back where you came from", "come back to me"),
    UNRELATED: ("dance", "sing a song", "open the door", "what time is it", "tell me a joke", "make me a coffee",
                "jump", "clean the room", "turn on the lights", "write a poem", "charge your battery",
                "call my mother", "play some music", "do a backflip", "water the plants", "cook dinner"),
}


@dataclass(frozen=True)
class IntentGuess:
    intent: str          # an intent of EXAMPLES, or "" when nothing is close enough
    similarity: float    # cosine similarity to the nearest example of that intent
    runner_up: str
    margin: float


def mask_objects(text: str) -> str:
    """``text`` with colour and kind words replaced by 'thing', so only the way of asking is left."""
    words = []
    for word in re.findall(r"[a-z']+|[0-9.]+|[,.!?]", text.lower()):
        if lx.kind_of(word) or word in lx.ANY_KIND_WORDS:
            words.append("thing")
        elif lx.color_of(word) or word in lx.OTHER_COLORS:
            continue
        else:
            words.append(word)
    return " ".join(words)


class IntentModel:
    """Nearest-example intent classifier over sentence embeddings; the examples are embedded once."""

    def __init__(self, encoder: TextEncoder) -> None:
        self.encoder = encoder
        self.labels: list[str] = []
        texts: list[str] = []
        for intent, examples in EXAMPLES.items():
            for example in examples:
                self.labels.append(intent)
                texts.append(mask_objects(example))
        self._examples = encoder.encode(texts)
        self._labels = np.array(self.labels)

    def classify(self, clauses: list[str]) -> list[IntentGuess]:
        """One guess per clause text (embedded in one batch)."""
        if not clauses:
            return []
        masked = [mask_objects(c) for c in clauses]
        sims = self.encoder.encode(masked) @ self._examples.T
        guesses = []
        for row in sims:
            best = {intent: float(row[self._labels == intent].max()) for intent in EXAMPLES}
            ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
            (top, top_sim), (second, second_sim) = ranked[0], ranked[1]
            ok = top != UNRELATED and top_sim >= MIN_SIMILARITY and top_sim - second_sim >= MIN_MARGIN
            guesses.append(IntentGuess(top if ok else "", top_sim, second, top_sim - second_sim))
        return guesses
