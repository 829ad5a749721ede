"""The lam command line: graph runner, demo, simulator viewer."""
