"""Message <-> lam_core type conversion, one module per message family, small pure functions."""
