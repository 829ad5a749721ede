"""The safety shield between any model and the actuators."""
