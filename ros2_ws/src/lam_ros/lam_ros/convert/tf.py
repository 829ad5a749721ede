"""tf2_msgs/TFMessage <-> lam_core.robot.frames transforms. Malformed transforms raise InputError."""

from __future__ import annotations

import math
from collections.abc import Iterable

from geometry_msgs.msg import TransformStamped
from tf2_msgs.msg import TFMessage

from lam_core.errors import InputError
from lam_core.robot.frames import FrameTransform
from lam_ros.convert.time import to_msg, to_ns


def tf_message(transforms: Iterable[FrameTransform], stamp_ns: int) -> TFMessage:
    """One TFMessage holding ``transforms``, all stamped ``stamp_ns``."""
    msg = TFMessage()
    stamp = to_msg(stamp_ns)
    for tf in transforms:
        out = TransformStamped()
        out.header.stamp = stamp
        out.header.frame_id = tf.parent
        out.child_frame_id = tf.child
        out.transform.translation.x, out.transform.translation.y, out.transform.translation.z = tf.translation
        r = out.transform.rotation
        r.x, r.y, r.z, r.w = tf.rotation
        msg.transforms.append(out)
    return msg


def transforms_from_msg(msg: TFMessage) -> list[tuple[int, FrameTransform]]:
    """(stamp [ns], transform) of each entry; InputError on empty frame ids or non-finite values."""
    out = []
    for t in msg.transforms:
        tr, r = t.transform.translation, t.transform.rotation
        values = (tr.x, tr.y, tr.z, r.x, r.y, r.z, r.w)
        if not t.header.frame_id or not t.child_frame_id:
            raise InputError("transform without frame_id or child_frame_id")
        if not all(math.isfinite(v) for v in values):
            raise InputError(f"transform {t.header.frame_id} -> {t.child_frame_id} is not finite")
        out.append((to_ns(t.header.stamp), FrameTransform(t.header.frame_id, t.child_frame_id, (tr.x, tr.y, tr.z),
                                                          (r.x, r.y, r.z, r.w))))
    return out
