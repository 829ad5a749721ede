"""Exception hierarchy of the core. Nodes catch these at the callback boundary."""

# The first line a node prints when its stop deadline cuts its teardown short (lam_ros.node_main),
# and the first line of faulthandler's report when the hard deadline ends it (status 1).
TEARDOWN_CUT_LINE = "[WARN] teardown cut short: still shutting down"
TEARDOWN_HARD_CUT_PREFIX = "Timeout ("


class LamError(Exception):
    """Base class of every error the core raises on purpose."""


class ConfigError(LamError):
    """A configuration file or parameter is missing, unknown or out of range."""


class ContractError(LamError):
    """The topic contract is malformed or a name is not in it."""


class InputError(LamError):
    """A sensor message or command is malformed (bad encoding, size, NaN, stamp)."""


class GoalError(LamError):
    """A goal cannot be understood or names nothing the robot knows."""


class SimError(LamError):
    """The simulator cannot load or run a scene."""
