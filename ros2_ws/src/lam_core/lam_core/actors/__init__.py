"""Actors: observation + plan step -> action. The scripted (classical) actor and the learned policy actor."""
