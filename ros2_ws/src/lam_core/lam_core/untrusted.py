"""Text from outside the process (goals, model output, message strings) made safe to show: control
characters escaped, so it can neither forge a log line nor drive a terminal."""

from __future__ import annotations


def escape_control(text: str) -> str:
    """``text`` with every non-printable character (newline, escape, bidi overrides, ...) written
    as its Python escape, e.g. "\\n", "\\x1b", "\\u202e"."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def printable(text: str, limit: int = 80) -> str:
    """``text`` quoted for a log line or a message: control characters escaped, cut to ``limit``
    characters."""
    text = str(text)
    return f"'{escape_control(text[:limit])}{'...' if len(text) > limit else ''}'"
