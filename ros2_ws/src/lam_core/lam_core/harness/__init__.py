"""The harness: the lockstep episode, the privileged expert and demonstration collection. They drive the
subsystems through the same cores the nodes call."""
