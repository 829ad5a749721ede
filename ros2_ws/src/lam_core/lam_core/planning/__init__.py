"""Task planning (goal text -> multi-step plan) and actors (observation + step -> action)."""
