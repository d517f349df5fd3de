"""RL-trainer adapters called with the argument shapes the trainers pass (fixtures/rl_trainer_calls.json)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import trenchcoat
from trenchcoat import adapters


def test_trl_standard_format(trainer_calls):
    call = trainer_calls["trl_grpo_standard"]
    reward = adapters.trl_reward("chrf")
    # TRL logs a reward function under its __name__.
    assert reward.__name__ == "trenchcoat_chrf"
    out = reward(**call["kwargs"], trainer_state=object())
    assert isinstance(out, list) and all(isinstance(v, float) for v in out)
    assert out == trainer_calls["expected_chrf"]


def test_trl_conversational_format(trainer_calls):
    call = trainer_calls["trl_grpo_conversational"]
    reward = adapters.trl_reward("chrf", name="chrf_reward")
    assert reward.__name__ == "chrf_reward"
    assert reward(**call["kwargs"], trainer_state=object()) == trainer_calls["expected_chrf"]


def test_trl_lower_is_better_is_negated_and_unscored_is_none(trainer_calls):
    kwargs = dict(trainer_calls["trl_grpo_standard"]["kwargs"])
    out = adapters.trl_reward("ter")(**kwargs)
    assert out == [-v for v in trainer_calls["expected_ter"]]
    kwargs["answer"] = [kwargs["answer"][0], None, kwargs["answer"][2], kwargs["answer"][3]]
    out = adapters.trl_reward("chrf")(**kwargs)
    assert out[1] is None and out[0] == trainer_calls["expected_chrf"][0]


def test_verl_compute_score(trainer_calls):
    compute_score = adapters.verl_compute_score("chrf")
    assert list(inspect.signature(compute_score).parameters)[:4] == [
        "data_source",
        "solution_str",
        "ground_truth",
        "extra_info",
    ]
    got = [compute_score(**call) for call in trainer_calls["verl_naive"]["calls"]]
    assert got == trainer_calls["expected_chrf"]
    assert all(isinstance(v, float) for v in got)
    as_dict = adapters.verl_compute_score("chrf", return_dict=True)
    first = trainer_calls["verl_naive"]["calls"][0]
    assert as_dict(first["data_source"], first["solution_str"], first["ground_truth"]) == {"score": 100.0}


def test_verl_batch_compute_score_with_numpy_object_arrays(trainer_calls):
    kwargs = dict(trainer_calls["verl_batch"]["kwargs"])
    kwargs["data_sources"] = np.array(kwargs["data_sources"], dtype=object)
    kwargs["extra_infos"] = np.array(kwargs["extra_infos"], dtype=object)
    batch = adapters.verl_batch_compute_score("chrf")
    assert batch(**kwargs) == trainer_calls["expected_chrf"]


def test_verl_unscored_items_raise_unless_given_a_value(trainer_calls):
    kwargs = dict(trainer_calls["verl_batch"]["kwargs"])
    kwargs["ground_truths"] = [None] + kwargs["ground_truths"][1:]
    with pytest.raises(trenchcoat.Error, match="item 0"):
        adapters.verl_batch_compute_score("chrf")(**kwargs)
    out = adapters.verl_batch_compute_score("chrf", unscored=0.0)(**kwargs)
    assert out[0] == 0.0 and out[1:] == trainer_calls["expected_chrf"][1:]


def test_openrlhf_reward_func(trainer_calls):
    kwargs = trainer_calls["openrlhf"]["kwargs"]
    reward_func = adapters.openrlhf_reward_func("chrf", scores_scale=0.01)
    out = reward_func(**kwargs)
    assert set(out) == {"rewards", "scores", "extra_logs"}
    expected = trainer_calls["expected_chrf"]
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        assert isinstance(out["rewards"], torch.Tensor) and out["rewards"].dtype == torch.float32
        assert out["rewards"].tolist() == torch.tensor(expected, dtype=torch.float32).tolist()
        assert out["extra_logs"]["chrf"].tolist() == torch.tensor(expected, dtype=torch.float32).tolist()
    lists = adapters.openrlhf_reward_func("chrf", scores_scale=0.01, tensors=False)(**kwargs)
    assert lists["rewards"] == expected
    assert lists["scores"] == [v * 0.01 for v in expected]
    assert all(0.0 <= s <= 1.0 for s in lists["scores"])


def test_message_texts():
    assert adapters.completion_text([{"role": "assistant", "content": [{"type": "text", "text": "a"}, {"text": "b"}]}]) == "ab"
    assert adapters.message_text([{"role": "user", "content": "hi"}]) == "hi"
    assert adapters.message_text([{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]) == "system: s\n\nuser: u"
