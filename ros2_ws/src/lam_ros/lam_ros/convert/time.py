"""builtin_interfaces/Time <-> integer nanoseconds."""

from __future__ import annotations

from builtin_interfaces.msg import Time

from lam_core.errors import InputError


def to_ns(stamp: Time) -> int:
    if stamp.nanosec >= 1_000_000_000:
        raise InputError(f"stamp nanosec {stamp.nanosec} out of range")
    return int(stamp.sec) * 1_000_000_000 + int(stamp.nanosec)


def to_msg(ns: int) -> Time:
    ns = max(int(ns), 0)
    return Time(sec=ns // 1_000_000_000, nanosec=ns % 1_000_000_000)
