"""The priority policy: strict, or interleave N."""

from __future__ import annotations

import pytest

from core.queue_policy import QueuePolicy


def test_strict_always_looks_at_priority_first():
    policy = QueuePolicy.parse("strict")
    assert all(policy.priority_first(streak) for streak in range(10))


@pytest.mark.parametrize("text", ["interleave 3", "interleave:3", "INTERLEAVE=3"])
def test_interleave_lets_one_regular_through_after_n(text):
    policy = QueuePolicy.parse(text)
    assert [policy.priority_first(s) for s in range(5)] == [True, True, True, False, False]
    assert str(policy) == "interleave 3"


@pytest.mark.parametrize("text", ["sometimes", "interleave 0", "interleave -2", "interleave"])
def test_bad_policies_are_refused_with_a_message(text):
    with pytest.raises(ValueError, match="Chính sách ưu tiên không hợp lệ"):
        QueuePolicy.parse(text)
