"""Executor node."""
