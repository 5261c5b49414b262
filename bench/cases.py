"""The benchmark expressions, their variables, and the same computation written by hand.

The hand-written versions use Decimal with the FEEL context: the floor a Python engine
can reach for each computation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel.values import DECIMAL

RESPONSE = {
    "status": Decimal(200),
    "headers": {"content-type": "application/json"},
    "body": {
        "current_weather": {"temperature": Decimal("1.0"), "windspeed": Decimal("10.1")},
        "items": [{"name": f"item {i}", "price": Decimal(i * 3)} for i in range(10)],
    },
}
ITEMS = RESPONSE["body"]["items"]  # type: ignore[index]
NUMBERS = [Decimal(i) for i in range(1, 101)]


def _result_mapping(v: dict) -> Any:
    weather = v["response"]["body"]["current_weather"]
    return {
        "berlinWeather": weather["temperature"],
        "berlinWindSpeed": weather["windspeed"],
        "fahrenheit": DECIMAL.add(DECIMAL.multiply(weather["temperature"], Decimal("1.8")), 32),
    }


def _error_chain(v: dict) -> Any:
    code = v["error"]["code"]
    if code == "404":
        return {"code": "404", "message": "Not found"}
    if code == "500":
        return {"code": "500", "message": "Server error"}
    return None


def _date_plus(v: dict) -> Any:
    return v["start"] + dt.timedelta(days=10)


Case = tuple[str, str, dict[str, Any], Callable[[dict], Any]]

CASES: list[Case] = [
    ("result mapping", "{berlinWeather: response.body.current_weather.temperature, "
     "berlinWindSpeed: response.body.current_weather.windspeed, "
     "fahrenheit: response.body.current_weather.temperature * 1.8 + 32}",
     {"response": RESPONSE}, _result_mapping),
    ("error expression", 'if error.code = "404" then {code: "404", message: "Not found"} '
     'else if error.code = "500" then {code: "500", message: "Server error"} else null',
     {"error": {"code": "503", "message": "unavailable"}}, _error_chain),
    ("string concat", 'firstName + " " + lastName + " <" + email + ">"',
     {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.org"},
     lambda v: v["firstName"] + " " + v["lastName"] + " <" + v["email"] + ">"),
    ("filter + path", "items[price > 10].name", {"items": ITEMS},
     lambda v: [i["name"] for i in v["items"] if i["price"] > 10]),
    ("for squares", "for x in 1..100 return x * x", {},
     lambda v: [DECIMAL.multiply(Decimal(x), Decimal(x)) for x in range(1, 101)]),
    ("sum(for ...)", "sum(for x in numbers return x * 2)", {"numbers": NUMBERS},
     lambda v: sum((DECIMAL.multiply(x, 2) for x in v["numbers"]), Decimal(0))),
    ("some satisfies", "some x in numbers satisfies x > 99", {"numbers": NUMBERS},
     lambda v: any(x > 99 for x in v["numbers"])),
    ("date + duration", 'date("2023-01-31") + duration("P10D")',
     {"start": dt.date(2023, 1, 31)}, _date_plus),
    ("upper(substring)", "upper case(substring(name, 1, 3))", {"name": "lovelace"},
     lambda v: v["name"][0:3].upper()),
    ("between", "x between 1 and 10", {"x": Decimal(5)}, lambda v: 1 <= v["x"] <= 10),
    ("in range", "status in [200..299]", {"status": Decimal(204)},
     lambda v: 200 <= v["status"] <= 299),
    ("max(list)", "max(numbers)", {"numbers": NUMBERS}, lambda v: max(v["numbers"])),
]  # fmt: skip


def plain_json(value: Any) -> Any:
    """``value`` as a host gets it from ``json.loads``: whole Decimals (exponent 0) as
    ``int``, others as ``float``, dates not JSON (None for the whole value then)."""
    if isinstance(value, Decimal):
        return int(value) if value.as_tuple().exponent == 0 else float(value)
    if isinstance(value, dict):
        items = {key: plain_json(item) for key, item in value.items()}
        return None if any(item is _NOT_JSON for item in items.values()) else items
    if isinstance(value, list):
        converted = [plain_json(item) for item in value]
        return None if any(item is _NOT_JSON for item in converted) else converted
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return _NOT_JSON


_NOT_JSON: Any = object()


def _result_mapping_json(v: dict) -> Any:
    weather = v["response"]["body"]["current_weather"]
    temperature = Decimal(repr(weather["temperature"]))  # a JSON float, as FEEL reads it
    return {
        "berlinWeather": temperature,
        "berlinWindSpeed": Decimal(repr(weather["windspeed"])),
        "fahrenheit": DECIMAL.add(DECIMAL.multiply(temperature, Decimal("1.8")), 32),
    }


#: The benchmark expressions with plain JSON variables (:func:`plain_json`; the date row
#: has none), each against the same computation written by hand over those variables.
JSON_CASES: list[Case] = [
    (name, text, plain_json(variables), _result_mapping_json if name == "result mapping" else by_hand)
    for name, text, variables, by_hand in CASES
    if plain_json(variables) not in (None, _NOT_JSON)
]  # fmt: skip
