"""Task planning: goal text -> multi-step plan (rules, or a model with the rules as fallback), and the
plan runner that steps a plan through any actor (lam_core.skills.Actor)."""

# Name of the planner's status in /diagnostics (decision time percentiles over the last decisions).
PLANNER_DIAGNOSTIC_NAME = "planner_node: decisions"
