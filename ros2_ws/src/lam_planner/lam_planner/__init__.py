"""Planner node."""
