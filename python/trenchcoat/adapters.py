"""Reward functions for RL trainers, each a factory that returns a callable with the trainer's exact signature:

* :func:`trl_reward` -- a TRL ``GRPOTrainer`` (and ``RLOOTrainer``) entry of ``reward_funcs``:
  ``f(prompts, completions, **kwargs) -> list[float | None]``, dataset columns (one value per completion) in
  ``kwargs``; prompts and completions may be strings or conversational message lists.
* :func:`verl_compute_score` -- verl's ``custom_reward_function``:
  ``compute_score(data_source, solution_str, ground_truth, extra_info=None) -> float | {"score": ...}``.
* :func:`verl_batch_compute_score` -- the same for verl's ``BatchRewardManager``:
  ``compute_score(data_sources, solution_strs, ground_truths, extra_infos=None) -> list``.
* :func:`openrlhf_reward_func` -- OpenRLHF's ``--remote_rm_url reward_func.py``:
  ``reward_func(queries, prompts, labels, **kwargs) -> {"rewards", "scores", "extra_logs"}``.

The reward is the scorer's item score times `scale`; `scale` defaults to 1 for scorers where higher is better
and -1 where lower is better (TER), so a larger reward is always better. References come from the dataset's
answer column (TRL), ``ground_truth`` (verl) or ``labels`` (OpenRLHF); a string or a list of strings.

Items the scorer cannot score (a missing reference, a failed judge request): TRL gets None (which it turns
into NaN and leaves out of the reward sum); verl and OpenRLHF get `unscored` when you give a value, and
otherwise a :class:`trenchcoat.Error` naming the item, since a made-up reward would train silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional, Union

from ._scorer import Scorer
from ._trenchcoat import Error

ScorerLike = Union[str, Scorer]

_REFERENCE_COLUMNS = ("references", "reference", "refs", "ref", "ground_truth", "solution", "answer", "label")
_SOURCE_COLUMNS = ("source", "src")


def _scorer(spec: ScorerLike) -> Scorer:
    return spec if isinstance(spec, Scorer) else Scorer(spec)


def _scale(scorer: Scorer, scale: Optional[float]) -> float:
    if scale is not None:
        return float(scale)
    return -1.0 if scorer.info.direction == "lower_is_better" else 1.0


def _content_text(content: Any) -> str:
    # A message content: a string, or a list of parts whose "text" fields are joined (OpenAI / TRL style).
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        return "".join(part.get("text", "") if isinstance(part, Mapping) else str(part) for part in content)
    return "" if content is None else str(content)


def message_text(value: Any) -> str:
    """The text of a prompt or completion: a string as it is; a list of chat messages ``{"role", "content"}``
    as ``trenchcoat score`` renders them: one message gives its content, several give ``role: content``
    blocks separated by a blank line."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _content_text(value.get("content"))
    if isinstance(value, Sequence):
        messages = list(value)
        if len(messages) == 1 and isinstance(messages[0], Mapping):
            return _content_text(messages[0].get("content"))
        return "\n\n".join(
            f"{m.get('role', '')}: {_content_text(m.get('content'))}" if isinstance(m, Mapping) else str(m)
            for m in messages
        )
    return "" if value is None else str(value)


def completion_text(value: Any) -> str:
    """The text of a completion: a string as it is; for a message list, the content of its last assistant
    message (of its last message when none has the role assistant)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and value and all(isinstance(m, Mapping) for m in value):
        assistant = [m for m in value if m.get("role") == "assistant"]
        return _content_text((assistant or list(value))[-1].get("content"))
    return message_text(value)


def _references(value: Any) -> Optional[list[str]]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) or hasattr(value, "__array__"):
        return [str(v) for v in value]
    return [str(value)]


def _rows(
    candidates: Sequence[str],
    references: Optional[Sequence[Any]],
    sources: Optional[Sequence[Any]],
    prompts: Optional[Sequence[Any]],
) -> list[dict[str, Any]]:
    rows = []
    for i, candidate in enumerate(candidates):
        row: dict[str, Any] = {"candidate": candidate}
        if references is not None:
            row["references"] = _references(references[i])
        if sources is not None:
            row["source"] = None if sources[i] is None else str(sources[i])
        if prompts is not None:
            row["prompt"] = prompts[i]
        rows.append(row)
    return rows


def _fill(values: Sequence[float], issues: Any, unscored: Optional[float], what: str) -> list[float]:
    out = []
    for i, v in enumerate(values):
        if math.isnan(v):
            if unscored is None:
                why = "; ".join(issue.message for issue in issues if issue.row == i) or "no score"
                raise Error(f"{what}: item {i} has no score ({why}); pass unscored=VALUE to give such items a reward")
            out.append(float(unscored))
        else:
            out.append(float(v))
    return out


def _pick(kwargs: Mapping[str, Any], wanted: Optional[str], candidates: Sequence[str]) -> Optional[Sequence[Any]]:
    if wanted is not None:
        if wanted not in kwargs:
            raise Error(f"reward function: no dataset column '{wanted}' (columns: {', '.join(sorted(kwargs))})")
        return kwargs[wanted]
    for name in candidates:
        if name in kwargs:
            return kwargs[name]
    return None


def trl_reward(
    scorer: ScorerLike,
    *,
    references: Optional[str] = None,
    source: Optional[str] = None,
    scale: Optional[float] = None,
    name: Optional[str] = None,
) -> Callable[..., list[Optional[float]]]:
    """A TRL reward function: ``reward_funcs=[trl_reward("chrf")]`` in ``GRPOTrainer``.

    TRL calls it as ``f(prompts=..., completions=..., completion_ids=..., trainer_state=..., **columns)`` with one
    entry per completion in every list. The candidate is the completion (for conversational data, the content
    of its last assistant message); the references come from the column `references` (default: the first of
    references, reference, refs, ref, ground_truth, solution, answer, label present), the source from the column
    `source` (default: source or src when present); the prompt is passed too (message lists rendered as text).
    Returns one float per completion, or None where the scorer gave no score. ``__name__`` (what TRL logs the
    reward under) is `name`, by default ``"trenchcoat_<scorer>"``.
    """
    s = _scorer(scorer)
    factor = _scale(s, scale)
    needs = set(s.info.required_fields)

    def reward(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list[Optional[float]]:
        candidates = [completion_text(c) for c in completions]
        refs = _pick(kwargs, references, _REFERENCE_COLUMNS)
        srcs = _pick(kwargs, source, _SOURCE_COLUMNS)
        prompt_texts = [message_text(p) for p in prompts] if prompts is not None and "prompt" in needs else None
        rows = _rows(candidates, refs, srcs, prompt_texts)
        scores = s.score(rows, missing="skip")
        return [None if math.isnan(v) else float(v) * factor for v in scores]

    reward.__name__ = name or f"trenchcoat_{s.name}"
    reward.__qualname__ = reward.__name__
    reward.__doc__ = f"TRL reward function: {s.signature} (scale {factor})."
    return reward


def _extra_info_texts(extra_infos: Sequence[Any], keys: Sequence[str]) -> Optional[list[Optional[str]]]:
    found = False
    out: list[Optional[str]] = []
    for info in extra_infos:
        value = None
        if isinstance(info, Mapping):
            for key in keys:
                if info.get(key) is not None:
                    value = message_text(info[key])
                    found = True
                    break
        out.append(value)
    return out if found else None


def verl_batch_compute_score(
    scorer: ScorerLike,
    *,
    scale: Optional[float] = None,
    unscored: Optional[float] = None,
    return_dict: bool = False,
) -> Callable[..., list[Any]]:
    """A verl batch reward function (``reward_model.reward_manager=batch``, ``custom_reward_function``):
    ``compute_score(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs) -> list``.

    solution_strs are the candidates, ground_truths the references (a string or a list of strings each);
    ``extra_info["source"]`` (or "src") and ``extra_info["prompt"]`` (or "question") are passed when present.
    Returns floats, or ``{"score": float}`` dicts with ``return_dict=True``. The sequences may be lists or
    numpy object arrays (verl's non_tensor_batch)."""
    s = _scorer(scorer)
    factor = _scale(s, scale)
    needs = set(s.info.required_fields)

    def compute_score(
        data_sources: Sequence[Any],
        solution_strs: Sequence[str],
        ground_truths: Sequence[Any],
        extra_infos: Optional[Sequence[Any]] = None,
        **kwargs: Any,
    ) -> list[Any]:
        n = len(solution_strs)
        if len(ground_truths) != n or len(data_sources) != n:
            raise Error(
                f"verl compute_score: {len(data_sources)} data sources, {n} solutions and "
                f"{len(ground_truths)} ground truths"
            )
        infos = list(extra_infos) if extra_infos is not None else [None] * n
        sources = _extra_info_texts(infos, ("source", "src")) if "source" in needs else None
        prompts = _extra_info_texts(infos, ("prompt", "question")) if "prompt" in needs else None
        rows = _rows([str(x) for x in solution_strs], list(ground_truths), sources, prompts)
        scores, issues = s.score(rows, missing="skip", return_issues=True)
        values = [v * factor for v in _fill(scores.tolist(), issues, unscored, "verl compute_score")]
        return [{"score": v} for v in values] if return_dict else values

    compute_score.__doc__ = f"verl batch compute_score: {s.signature} (scale {factor})."
    return compute_score


def verl_compute_score(
    scorer: ScorerLike,
    *,
    scale: Optional[float] = None,
    unscored: Optional[float] = None,
    return_dict: bool = False,
) -> Callable[..., Any]:
    """A verl reward function for the naive reward manager (``custom_reward_function.path`` / ``.name``):
    ``compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs) -> float`` (or
    ``{"score": float}`` with ``return_dict=True``). See :func:`verl_batch_compute_score` for the fields."""
    batch = verl_batch_compute_score(scorer, scale=scale, unscored=unscored, return_dict=return_dict)

    def compute_score(
        data_source: Any, solution_str: str, ground_truth: Any, extra_info: Optional[Any] = None, **kwargs: Any
    ) -> Any:
        return batch([data_source], [solution_str], [ground_truth], [extra_info])[0]

    compute_score.__doc__ = batch.__doc__
    return compute_score


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def openrlhf_reward_func(
    scorer: ScorerLike,
    *,
    scale: Optional[float] = None,
    unscored: Optional[float] = None,
    scores_scale: float = 1.0,
    tensors: Optional[bool] = None,
) -> Callable[..., dict[str, Any]]:
    """An OpenRLHF reward function (the ``reward_func`` of a ``--remote_rm_url`` Python file):
    ``reward_func(queries, prompts, labels, **kwargs) -> {"rewards", "scores", "extra_logs"}``.

    queries are prompt + response: the candidate is the query with its prompt removed (the whole query when it
    does not start with the prompt); labels are the references (``--label_key``). "rewards" is the reward,
    "scores" the reward times `scores_scale` (OpenRLHF's dynamic filtering reads scores in [0, 1]: use 0.01 for
    BLEU or chrF), "extra_logs" holds ``{"<scorer>": raw item scores}``. Values are float32 torch tensors, as
    OpenRLHF expects, when torch can be imported (or ``tensors=True``), else lists of floats."""
    s = _scorer(scorer)
    factor = _scale(s, scale)

    def reward_func(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any], **kwargs: Any) -> dict[str, Any]:
        if len(prompts) != len(queries) or len(labels) != len(queries):
            raise Error(f"reward_func: {len(queries)} queries, {len(prompts)} prompts and {len(labels)} labels")
        candidates = [q[len(p) :] if isinstance(p, str) and q.startswith(p) else q for q, p in zip(queries, prompts)]
        prompt_texts = list(prompts) if "prompt" in s.info.required_fields else None
        rows = _rows(candidates, list(labels), None, prompt_texts)
        raw, issues = s.score(rows, missing="skip", return_issues=True)
        values = _fill(raw.tolist(), issues, unscored, "OpenRLHF reward_func")
        rewards = [v * factor for v in values]
        scores = [v * scores_scale for v in rewards]
        torch = _torch() if tensors is not False else None
        if tensors and torch is None:
            raise Error("OpenRLHF reward_func: tensors=True, but torch cannot be imported")
        if torch is not None:
            as_tensor: Callable[[list[float]], Any] = lambda xs: torch.tensor(xs, dtype=torch.float32)
        else:
            as_tensor = list
        return {
            "rewards": as_tensor(rewards),
            "scores": as_tensor(scores),
            "extra_logs": {s.name: as_tensor([float(v) for v in raw.tolist()])},
        }

    reward_func.__doc__ = f"OpenRLHF reward_func: {s.signature} (scale {factor})."
    return reward_func


__all__ = [
    "completion_text",
    "message_text",
    "openrlhf_reward_func",
    "trl_reward",
    "verl_batch_compute_score",
    "verl_compute_score",
]
