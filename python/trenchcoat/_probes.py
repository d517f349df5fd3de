"""Probes: deterministic damaged variants of a good output (truncation, word-shuffle, negation, ...), the ones
``trenchcoat probe`` scores: a scorer that gives the variant at least the original's score fails the probe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import _trenchcoat


@dataclass(frozen=True)
class ProbeInfo:
    """What a probe does."""

    name: str
    description: str
    languages: tuple[str, ...]
    """ISO 639-1 languages it has rules for; empty: any language."""
    needs_source: bool


@dataclass(frozen=True)
class ProbeOutcome:
    """The variant of one item, or why the probe does not apply to it."""

    variant: Optional[str]
    """None when the probe does not apply (then skip_reason says why)."""
    skip_reason: str


def probe_names() -> list[str]:
    """The names of every probe, in order."""
    return list(_trenchcoat.probe_names())


def probe_info(name: str) -> ProbeInfo:
    """What probe `name` does. An unknown name raises :class:`trenchcoat.Error` listing the known ones."""
    d = _trenchcoat.probe_info(name)
    return ProbeInfo(d["name"], d["description"], tuple(d["languages"]), d["needs_source"])


def apply_probe(
    name: str, candidate: str, *, source: str = "", prompt: str = "", language: str = "", seed: int = 0, index: int = 0
) -> ProbeOutcome:
    """Applies probe `name` to one good output. The variant is the one ``trenchcoat probe --seed SEED`` makes for
    the item at 0-based position `index` (it depends only on the probe, the input, the seed and the index)."""
    variant, reason = _trenchcoat.apply_probe(name, candidate, source, prompt, language, seed, index)
    return ProbeOutcome(variant, reason)


__all__ = ["ProbeInfo", "ProbeOutcome", "apply_probe", "probe_info", "probe_names"]
