"""The LAM policy model: configuration, feature processing, network, text encoder and save/load."""

from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.factory import build_policy, load_policy, save_policy
from lam_core.policy.modeling import LamPolicy, count_parameters, policy_loss
from lam_core.policy.processor import PolicyProcessor
from lam_core.policy.state_layout import TARGET_KINDS, state_layout
from lam_core.policy.storage import PolicyFileError, read_policy_config
from lam_core.text import TEXT_EMBEDDING_DIM, TextEncoder

__all__ = [
    "TARGET_KINDS",
    "TEXT_EMBEDDING_DIM",
    "LamPolicy",
    "PolicyConfig",
    "PolicyFileError",
    "PolicyProcessor",
    "TextEncoder",
    "build_policy",
    "count_parameters",
    "load_policy",
    "policy_loss",
    "read_policy_config",
    "save_policy",
    "state_layout",
]
