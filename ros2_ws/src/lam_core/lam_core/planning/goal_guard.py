"""Checks every goal passes before any planner (rules or model) sees it: empty, overlong and
unsafe requests are refused with a reason. The shield enforces the limits whatever a plan says;
this refuses to plan for a request to break them, so the user hears why."""

from __future__ import annotations

import re

from lam_core.errors import GoalError
from lam_core.language.understanding import asks_about_itself

MAX_GOAL_CHARS = 300

_UNSAFE = (
    (re.compile(r"\b(?:ignore|disable|bypass|override|turn\s+off|switch\s+off|remove|skip)\b.{0,40}"
                r"\b(?:safety|safe|shield|limits?|e-?stop|emergency|watchdog|collision|obstacles?|lidar|bumpers?)"),
     "asks to switch off the safety limits, which always apply"),
    (re.compile(r"\b(?:safety|shield|limits?|e-?stop|lidar|bumpers?|collision\s+checks?)\s+(?:(?:is|are)\s+)?(?:now\s+)?"
                r"(?:off|disabled|broken|down|not\s+needed)\b|\bact\s+as\s+if\b.{0,30}\bno\s+(?:obstacles?|limits?|rules?)"
                r"|\bpretend\b.{0,30}\b(?:no|without)\s+(?:rules?|limits?|restrictions?|safety|obstacles?)"
                r"|\bpretend\b.{0,30}\b(?:safety|shield|limits?|e-?stop|lidar|bumpers?)\b.{0,20}\b(?:does\s*n[o']?t|do\s*n[o']?t|"
                r"is\s*n[o']?t|are\s*n[o']?t)\s+(?:exist|there|on|working|active)"
                r"|\b(?:you\s+(?:are|re)|you're)\s+(?:now\s+)?allowed\s+to\s+(?:hit|crash|bump|ram|collide|run\s+over|touch\s+(?:anything|everything|obstacles?|walls?|people|"
                r"persons?|humans?|someone|anyone|me|us|them))"
                r"|\b(?:do\s+not|don't|dont|never)\s+stop\s+(?:even\s+if|for\s+(?:anything|anyone|anybody|people|"
                r"persons?|humans?|obstacles?|nothing|nobody)|no\s+matter)"
                r"|\b(?:keep|carry)\s+(?:on\s+)?(?:going|driving|moving)\s+(?:no\s+matter\s+what|whatever\s+happens|"
                r"even\s+if)|\bwithout\s+stopping\s+(?:for\s+(?:anything|anyone|anybody|people|obstacles?)|even\s+if|no\s+matter)"
                r"|\bsafety\s+(?:mode\s+)?off\b"),
     "asks to switch off the safety limits, which always apply"),
    (re.compile(r"\b(?:switch|turn|shut|power)\s+(?:off|down)\s+(?:the\s+|your\s+|all\s+)?(?:cameras?|sensors?|vision|eyes|lidar|"
                r"depth|microphone|ears)\b|\b(?:disable|cover|unplug|blind|block)\s+(?:the\s+|your\s+)?(?:cameras?|sensors?|lidar|"
                r"vision)\b"),
     "asks to switch off what the robot senses with, which keeping it safe relies on"),
    (re.compile(r"\bset\s+(?:it|them|that|this|(?:the\s+)?\w+\s+\w+)\s+(?:on\s+)?fire\b|\bset\s+fire\s+to\b|\bignite\b|"
                r"\bburn\s+(?:it|them|that|this|the|down)\b|\bexplode\b|\bblow\s+(?:it|them|\w+)\s+up\b"
                r"|\b(?:put|place|drop|throw|toss|set|stack|balance)\b.{0,40}\b(?:on|onto)\s+(?:top\s+of\s+)?(?:my|your|his|her|"
                r"their|our|someone's|somebody's|a\s+person's|the\s+robot's|its|the\s+baby's|the\s+dog's|the\s+cat's)\s+"
                r"(?:head|face|body|neck|back|feet|foot|toes?)\b"
                r"|\b(?:hit|kill|kick|hurt|injure|attack|punch|stab|squash|crush|run\s+over|chase|scare|throw\b.{0,30}\bat|"
                r"drop\b.{0,30}\b(?:on|onto))\s+(?:the\s+|a\s+|my\s+|that\s+|this\s+|your\s+|his\s+|her\s+|our\s+)?(?:\w+\s+)?"
                r"(?:cat|cats|dog|dogs|baby|child|children|kid|kids|person|man|woman|guy|girl|boy|people|human|brother|sister|"
                r"mother|mum|mom|dad|father|friend|pet|puppy|kitten|someone|somebody|anyone|anybody|him|her|them|me|us)\b"),
     "asks for something that could harm people or things"),
    (re.compile(r"\b(?:ignore|forget|disregard|override)\b.{0,30}\b(?:previous|prior|above|earlier|all|your|the)\b.{0,20}"
                r"\b(?:instructions?|rules?|prompts?|orders?)\b|\bsystem\s*(?:prompt|:)|\bdeveloper\s+mode\b|\bjailbreak"
                r"|\bnew\s+rules?\b|</?\s*goal\s*>|(?<!where\s)\byou\s+are\s+now\s+(?!where|at\b|in\s+front|here|there)|\byou\s+have\s+no\s+(?:rules?|limits?|restrictions?)\b"
                r"|\bfrom\s+now\s+on\s+you\b|\bobey\s+only\b|\bonly\s+obey\b|\b(?:print|reveal|show)\s+(?:me\s+)?your\s+"
                r"(?:system\s+)?(?:prompt|instructions|rules)\b"),
     "tries to change or read the agent's own instructions"),
    (re.compile(r"\b(?:crash|ram|smash|collide|bump)\b|\brun\s+(?:over|into|down)\s+(?:me|my|him|her|them|someone|a\s+person|people|the\s+person)\b|\brun\s+(?:me|him|her|them|us|someone|somebody|people|a\s+person|my\s+\w+)\s+(?:over|down)\b|\buntil\s+(?:you|it)\s+(?:hits?|touch(?:es)?|runs?\s+into)\b|\b(?:drive|run|go|move)\b.{0,30}\binto\b.{0,20}"
                r"\b(?:wall|obstacle|pillar|person|people|human)"),
     "asks for a collision"),
    (re.compile(r"\b(?:full|max(?:imum)?|top)\s+speed\b|\bas\s+fast\s+as\s+(?:possible|you\s+can)\b"),
     "asks for a speed beyond the safety limits"),
)


# Words that turn what follows them in the same clause into something not to do: "do not bump into the
# red box", "make sure never to disable the shield" ask for the opposite of a collision or a switch-off.
_NEGATION = re.compile(r"\b(?:not|never|no(?!\s+matter)|without|avoid(?:ing)?|nor|dont|don't|mustn't|shouldn't|cannot|can't|won't)\b"
                       r"|n't\b")
_CLAUSE_BREAK = re.compile(r"[,.;:!?]|\b(?:and|but|then|so)\b")


def _said_not_to(lower: str, start: int) -> bool:
    """Whether a negation comes before ``start`` in the clause it is in."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(lower, 0, start)), default=0)
    return bool(_NEGATION.search(lower, clause_start, start))


# A rule the user set, lifted by its name in the singular ("forget the rule", "forget the cone rule"; "forget
# the rules" and "forget your rules" stay refused)
_USERS_OWN_RULE = re.compile(r"\b(?:forget|never mind|drop|cancel)(?: about)? (?:the|that|this|my) (?:[a-z]+ )?rule\b(?!s)")


def check_goal(goal: str) -> str:
    """The goal with whitespace normalised, or GoalError saying why it is refused."""
    text = " ".join(str(goal).split())
    if not text:
        raise GoalError("the goal is empty")
    if len(text) > MAX_GOAL_CHARS:
        raise GoalError(f"the goal is longer than {MAX_GOAL_CHARS} characters")
    lower = text.lower()
    if asks_about_itself(lower):  # "what's your top speed?", "can you hurt people?": answered, nothing moves
        return text
    lower = _USERS_OWN_RULE.sub(" ", lower)  # "ok fine, forget the rule": one the user set, not the agent's instructions
    for pattern, why in _UNSAFE:
        if any(not _said_not_to(lower, m.start()) for m in pattern.finditer(lower)):
            raise GoalError(f"the goal {why}")
    return text
