"""The access rules of personal data (domain.access), role by role, with their negatives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.access import (
    AccessDenied,
    Principal,
    Role,
    Subject,
    can_read_person,
    require_hr,
    require_judge,
    require_manage_team,
    require_read_person,
    shows_people,
)

HR = Principal("rh", frozenset({Role.HR}))
MANAGER = Principal(
    "m", frozenset({Role.MANAGER, Role.EMPLOYEE}), person="m-1", teams=frozenset({"a"})
)
EMPLOYEE = Principal("e", frozenset({Role.EMPLOYEE}), person="p-1")
JURY = Principal("j", frozenset({Role.JURY}), juries=frozenset({7}))

IN_TEAM_A = Subject("p-1", team="a")
COLLEAGUE = Subject("p-2", team="a")
OTHER_TEAM = Subject("p-3", team="b", juries=frozenset({7}))
CANDIDATE_ELSEWHERE = Subject("p-4", team="b", juries=frozenset({8}))


@pytest.mark.parametrize(
    ("actor", "subject", "allowed"),
    [
        (HR, OTHER_TEAM, True),
        (EMPLOYEE, IN_TEAM_A, True),  # themself
        (EMPLOYEE, COLLEAGUE, False),  # a colleague
        (MANAGER, COLLEAGUE, True),  # their team
        (MANAGER, OTHER_TEAM, False),  # another team
        (JURY, OTHER_TEAM, True),  # a candidate of their jury
        (JURY, CANDIDATE_ELSEWHERE, False),  # a candidate of another jury
        (JURY, COLLEAGUE, False),
    ],
)
def test_who_may_read_whom(actor: Principal, subject: Subject, allowed: bool) -> None:
    assert can_read_person(actor, subject) is allowed
    if allowed:
        require_read_person(actor, subject)
    else:
        with pytest.raises(AccessDenied):
            require_read_person(actor, subject)


def test_a_manager_role_without_the_team_manages_nothing() -> None:
    lost = Principal("m2", frozenset({Role.EMPLOYEE}), person="m-1", teams=frozenset({"a"}))
    assert not can_read_person(lost, COLLEAGUE)
    with pytest.raises(AccessDenied):
        require_manage_team(lost, "a")
    require_manage_team(MANAGER, "a")
    with pytest.raises(AccessDenied):
        require_manage_team(MANAGER, "b")


def test_hr_only_and_jury_rules() -> None:
    require_hr(HR, "x")
    for actor in (MANAGER, EMPLOYEE, JURY):
        with pytest.raises(AccessDenied, match="administrateurs RH"):
            require_hr(actor, "x")
    require_judge(JURY, 7)
    require_judge(HR, 8)
    with pytest.raises(AccessDenied):
        require_judge(JURY, 8)
    with pytest.raises(AccessDenied):
        require_judge(MANAGER, 7)


@given(size=st.integers(0, 50), minimum=st.integers(1, 20))
def test_small_groups_are_shown_person_by_person_to_hr_only(size: int, minimum: int) -> None:
    assert shows_people(HR, size, minimum)
    assert shows_people(MANAGER, size, minimum) is (size >= minimum)
