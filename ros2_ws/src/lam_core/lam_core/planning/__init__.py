"""Task planning (goal text -> multi-step plan) and actors (observation + step -> action)."""

# Name of the planner's status in /diagnostics (decision time percentiles over the last decisions).
PLANNER_DIAGNOSTIC_NAME = "planner_node: decisions"
