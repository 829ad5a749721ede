"""Perception from raw sensors: RGB-D objects and laser scan summaries."""
