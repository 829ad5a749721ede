"""Goal phrasings. Training episodes use TRAIN_PHRASINGS; PARAPHRASES never appear in training and
measure whether the policy generalises to new wordings of the same task. Every phrasing is one the
rule planner understands (tested), so the plan is the same and only the words differ."""

from __future__ import annotations

from lam_core.scenarios import Scenario

TRAIN_PHRASINGS: dict[str, tuple[str, ...]] = {
    "goto": ("go to the {target}", "drive to the {target}", "navigate to the {target}"),
    "find": ("find the {target}", "search for the {target}"),
    "pick": ("pick up the {target}", "grab the {target}"),
    "place": ("put the {target} in the {destination}", "place the {target} into the {destination}"),
}
PARAPHRASES: dict[str, tuple[str, ...]] = {
    "goto": ("please head over to the {target}", "could you get to the {target}", "reach the {target} now"),
    "find": ("look for the {target}", "locate the {target} for me"),
    "pick": ("take the {target}", "lift the {target} please"),
    "place": ("drop the {target} into the {destination}", "move the {target} inside the {destination}"),
}
PHRASING_FAMILY = {"avoid": "goto", "safety": "goto"}  # these families are go-to goals


def goal_for(scenario: Scenario, paraphrase: bool = False, variant: int | None = None) -> str:
    """A phrasing of the scenario's goal: training ones (chosen by seed unless ``variant``) or unseen ones."""
    table = PARAPHRASES if paraphrase else TRAIN_PHRASINGS
    options = table[PHRASING_FAMILY.get(scenario.family, scenario.family)]
    index = scenario.seed if variant is None else variant
    return options[index % len(options)].format(target=scenario.target, destination=scenario.destination)
