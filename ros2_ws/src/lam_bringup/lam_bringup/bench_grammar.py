"""`lam bench grammar`: the cost of the hf task planner's constrained decoding, per vocabulary size.

The constraint's cost does not depend on the model's weights, only on the tokenizer and the grammar,
so it is measured on its own: plan answers for a set of goals (the rule planner's plans written as a
model writes them) are fed token by token, each token the longest one the constraint allows that
continues the answer, as a model following the grammar would produce. Two vocabularies: the 30,522
WordPiece tokens shipped with the sentence encoder, and the same widened to 150,000 tokens with
made-up word pieces (a large LLM's size). Each step checks that the stop token is allowed only on a
complete answer and that no special token is ever allowed.

Prints a table, then one JSON line: per vocabulary ``prepare_s`` (once per tokenizer, with the first
grammar compiled: the reason's token masks), ``compile_ms_p50/p99`` (once per plan), ``mask_ms_p50/p99/max`` (per generated token),
``constraint_ms_per_plan_p50`` and ``answers_valid``.
"""

from __future__ import annotations

import json
import random
import string
import time
from typing import Any

from lam_core.datatypes import Plan
from lam_core.planning.model_planners import TokenVocabulary, token_texts
from lam_core.planning.plan_schema import PlanRequest, plan_grammar
from lam_core.planning.task_planner import RuleTaskPlanner
from lam_core.skills import SKILLS
from lam_core.stats import percentile
from lam_core.text import default_model_dir

LARGE_VOCABULARY = 150_000
BENCH_GOALS = (
    ("go to the red box", ("red box", "blue bin")),
    ("pick up the green cube", ("green cube",)),
    ("put the yellow cube in the blue bin", ("yellow cube", "blue bin", "red box")),
    ("find the blue box", ()),
    ("drive to the point 1.5 -2", ()),
    ("stop", ()),
    ("approach the red cube, pick it up and drop it into the green bin", ("red cube", "green bin")),
    ("go to the yellow box", ("yellow box", "red cube")),
)


def widened(texts: list[str | None], size: int, seed: int = 0) -> list[str | None]:
    """``texts`` grown to ``size`` tokens with made-up lower-case pieces, half of them word starts."""
    rng = random.Random(seed)
    out, seen = list(texts), {t for t in texts if t}
    while len(out) < size:
        piece = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
        text = (" " if rng.random() < 0.5 else "") + piece
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def answer_of(plan: Plan) -> str:
    """A plan as the model writes it: JSON with one space after ':' and ','."""
    return json.dumps({"steps": [{"skill": s.skill, "target": s.target} for s in plan.steps], "reason": plan.reason},
                      separators=(", ", ": "))


def _walk(vocabulary: TokenVocabulary, by_text: dict[str, int], longest: int, pattern: str,
          answer: str) -> tuple[float, list[float], bool]:
    """Compile ``pattern`` and feed ``answer`` through it; (compile seconds, per-token mask seconds,
    whether every check held)."""
    t0 = time.perf_counter()
    constraint = vocabulary.constraint(pattern, 0)
    compile_s = time.perf_counter() - t0
    special = [i for i, t in enumerate(vocabulary.texts) if t is None and i != vocabulary.eos_token_id]
    generated: list[int] = []
    rest, mask_s, valid = answer, [], True
    while True:
        t0 = time.perf_counter()
        allowed = constraint.allowed_mask(generated)
        mask_s.append(time.perf_counter() - t0)
        valid &= not bool(allowed[special].any()) and bool(allowed[vocabulary.eos_token_id]) == (not rest)
        if not rest:
            return compile_s, mask_s, valid
        token = next((by_text[rest[:n]] for n in range(min(longest, len(rest)), 0, -1)
                      if rest[:n] in by_text and bool(allowed[by_text[rest[:n]]])), None)
        if token is None:
            return compile_s, mask_s, False
        generated.append(token)
        rest = rest[len(vocabulary.texts[token] or ""):]


def measure(texts: list[str | None], eos_token_id: int, cases: list[tuple[str, str]]) -> dict[str, Any]:
    """The figures for one vocabulary over ``cases`` (pattern, answer)."""
    t0 = time.perf_counter()
    vocabulary = TokenVocabulary(texts, eos_token_id)
    vocabulary.constraint(plan_grammar(PlanRequest("warm-up")), 0)  # as HfTaskPlanner does at start-up
    prepare_s = time.perf_counter() - t0
    by_text: dict[str, int] = {}
    for token_id, text in enumerate(texts):
        if text:
            by_text.setdefault(text, token_id)
    longest = max(len(t) for t in by_text)
    compiles, masks, per_plan, valid = [], [], [], 0
    for pattern, answer in cases:
        compile_s, mask_s, ok = _walk(vocabulary, by_text, longest, pattern, answer)
        compiles.append(compile_s * 1e3)
        masks += [m * 1e3 for m in mask_s]
        per_plan.append((compile_s + sum(mask_s)) * 1e3)
        valid += ok
    return {"vocabulary": len(texts), "prepare_s": round(prepare_s, 3),
            "compile_ms_p50": round(percentile(compiles, 50), 2), "compile_ms_p99": round(percentile(compiles, 99), 2),
            "mask_ms_p50": round(percentile(masks, 50), 4), "mask_ms_p99": round(percentile(masks, 99), 4),
            "mask_ms_max": round(max(masks), 4), "tokens": len(masks),
            "constraint_ms_per_plan_p50": round(percentile(per_plan, 50), 2),
            "answers_valid": f"{valid}/{len(cases)}"}


def main() -> int:
    from transformers import AutoTokenizer

    tokenizer: Any = AutoTokenizer.from_pretrained(str(default_model_dir()), local_files_only=True)
    texts = token_texts(tokenizer)
    eos = int(tokenizer.sep_token_id)
    planner = RuleTaskPlanner({skill: 60.0 for skill in SKILLS})
    cases = [(plan_grammar(PlanRequest(goal, visible_objects=seen)), answer_of(planner.plan(goal))) for goal, seen in BENCH_GOALS]
    rows = [measure(texts, eos, cases), measure(widened(texts, LARGE_VOCABULARY), eos, cases)]
    print(f"[bench grammar] plan-grammar constraint (xgrammar) over {len(cases)} plan answers per vocabulary")
    print(f"{'vocabulary':>10s} {'prepare s':>9s} {'compile ms p50/p99':>19s} {'mask ms p50/p99/max':>22s} "
          f"{'per plan ms':>11s} {'valid':>6s}")
    for r in rows:
        print(f"{r['vocabulary']:>10,d} {r['prepare_s']:9.2f} {r['compile_ms_p50']:9.1f}/{r['compile_ms_p99']:<9.1f} "
              f"{r['mask_ms_p50']:8.3f}/{r['mask_ms_p99']:.3f}/{r['mask_ms_max']:.3f} "
              f"{r['constraint_ms_per_plan_p50']:11.1f} {r['answers_valid']:>6s}")
    print(json.dumps({f"v{r['vocabulary']}": r for r in rows}))
    return 0 if all(r["answers_valid"].split("/")[0] == r["answers_valid"].split("/")[1] for r in rows) else 1
