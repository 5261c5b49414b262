"""Values as the runtime sees them: Python responses mapped as Jackson maps Java ones, results
written in the runtime's JSON form."""

import dataclasses
import datetime as dt
import enum
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

import feel
from feel.connectors import ConnectorError, map_response, normalize, run_job, to_runtime_json


class Colour(enum.Enum):
    RED = 1


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Bean:
    def __init__(self):
        self.name = "n"
        self._hidden = 1

    @property
    def size(self):
        return 3

    def method(self):
        return "not a property"


@pytest.mark.parametrize("value, expected", [
    (dt.date(2024, 1, 31), "2024-01-31"),
    (dt.datetime(2024, 1, 31, 10, 15), "2024-01-31T10:15:00"),
    (dt.datetime(2024, 1, 31, 10, 15, 0, 500000), "2024-01-31T10:15:00.5"),
    (dt.datetime(2024, 1, 31, 10, 15, tzinfo=dt.timezone.utc), "2024-01-31T10:15:00Z"),
    (dt.datetime(2024, 1, 31, 10, 15, tzinfo=ZoneInfo("Europe/Paris")), "2024-01-31T10:15:00+01:00"),
    (dt.time(10, 15), "10:15:00"),
    (dt.time(10, 15, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "10:15:00-05:00"),
    (dt.timedelta(days=1, hours=2), "PT26H"),
    (dt.timedelta(minutes=-90), "PT-1H-30M"),
    (dt.timedelta(milliseconds=-500), "PT-0.5S"),
    (dt.timedelta(0), "PT0S"),
    (b"\x00\xff", "AP8="),
    (Colour.RED, "RED"),
    (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
    (Point(1, 2), {"x": 1, "y": 2}),
    (Bean(), {"name": "n", "size": 3}),
    (object(), {}),  # no readable properties: Jackson's empty bean
    ({2: "a", False: "b"}, {"2": "a", "false": "b"}),
    ((1, 2), [1, 2]),
    ({"n": float("nan")}, {"n": None}),
    (Decimal("1.50"), Decimal("1.50")),
])  # fmt: skip
def test_responses_as_the_java_mapping_gives_them(value, expected):
    assert normalize(value) == expected


def test_a_response_that_contains_itself_is_refused():
    loop = {}
    loop["me"] = loop
    with pytest.raises(ConnectorError, match="contains itself"):
        normalize(loop)
    assert normalize({"a": [1], "b": [1]}) == {"a": [1], "b": [1]}  # shared, not circular


def test_feel_sees_normalised_responses():
    response = {"when": dt.date(2024, 1, 31), "took": dt.timedelta(seconds=90)}
    assert map_response(response, result_expression="={w: when, t: took}") == {"w": "2024-01-31", "t": "PT1M30S"}
    outcome = run_job(lambda v: response, variables={}, headers={"resultVariable": "r"}, retries=1)
    assert outcome.variables == {"r": {"when": "2024-01-31", "took": "PT1M30S"}}


@pytest.mark.parametrize("expression, expected", [
    ("1", 1), ("2.5", 2.5), ("10000000000000000000000", 10**22),
    ('@"P1D"', "PT24H"), ('@"PT90M"', "PT1H30M"), ('@"-PT0.5S"', "PT-0.5S"),
    ('@"P1Y2M"', "P1Y2M"), ('@"P0Y"', "P0D"), ('@"-P14M"', "P-1Y-2M"),
    ('date and time("2023-01-19T10:00:00@Europe/Paris")', "2023-01-19T10:00:00+01:00"),
    ('date and time("2023-01-19T10:00:00@Europe/London")', "2023-01-19T10:00:00Z"),
    ('date and time("2023-01-19T10:00:00")', "2023-01-19T10:00:00"),
    ('date("2023-01-19")', "2023-01-19"), ('time("10:15:00")', "10:15:00"),
])  # fmt: skip
def test_results_leave_in_the_runtimes_json_form(expression, expected):
    converted = to_runtime_json(feel.evaluate(expression))
    assert converted == expected and type(converted) is type(expected)


def test_run_job_results_are_in_that_form():
    headers = {"resultExpression": '={wait: @"P2D", n: 3.0, at: date and time("2024-01-01T00:00:00@Europe/Berlin")}'}
    outcome = run_job(lambda v: {}, variables={}, headers=headers, retries=1)
    assert outcome.variables == {"wait": "PT48H", "n": 3, "at": "2024-01-01T00:00:00+01:00"}
    assert type(outcome.variables["n"]) is int
