"""Perception and fusion nodes."""
