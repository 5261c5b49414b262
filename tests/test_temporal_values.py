"""Temporal values: parsing, string forms, the spec's operation tables, properties, interop."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import feel
from feel import temporal
from feel.diagnostics import Failure


def text(expression: str) -> str | None:
    value = feel.evaluate(expression)
    return None if value is None else temporal.to_string(value)


FORMS = [
    ('date("2023-01-19")', "2023-01-19"), ('date("999999999-12-31")', "999999999-12-31"),
    ('date("-999999999-01-01")', "-999999999-01-01"), ('date(2023, 2, 28)', "2023-02-28"),
    ('date("2023-02-30")', None), ('date(2023, 2, 29)', None), ('date("2023-1-19")', None),
    ('date(date and time("2023-01-19T10:00:00"))', "2023-01-19"),
    ('time("14:02:29")', "14:02:29"), ('time("14:02:29.120")', "14:02:29.12"),
    ('time("14:02:29Z")', "14:02:29Z"), ('time("14:02:29+01:00")', "14:02:29+01:00"),
    ('time("14:02:29@Europe/Berlin")', "14:02:29@Europe/Berlin"), ('time("24:00:01")', None),
    ('time(14, 2, 29)', "14:02:29"), ('time(14, 2, 29, duration("PT1H"))', "14:02:29+01:00"),
    ('time("14:02:29@Nowhere/Zone")', None),
    ('date and time("2023-01-19T14:02:29")', "2023-01-19T14:02:29"),
    ('date and time("2023-01-19")', "2023-01-19T00:00:00"),
    ('date and time("2023-01-19T14:02:29@Europe/Berlin")', "2023-01-19T14:02:29@Europe/Berlin"),
    ('date and time("-999999999-12-31T23:59:59.999999999+02:00")',
     "-999999999-12-31T23:59:59.999999999+02:00"),
    ('date and time(date("2023-01-19"), time("10:00:00Z"))', "2023-01-19T10:00:00Z"),
    ('date and time(@"2023-01-19T12:00:00Z", "Europe/Berlin")', "2023-01-19T13:00:00@Europe/Berlin"),
    ('duration("PT36H")', "P1DT12H"), ('duration("P1Y13M")', "P2Y1M"), ('duration("-PT5M")', "-PT5M"),
    ('duration("P0D")', "PT0S"), ('duration("P0Y")', "P0M"), ('duration("P1Y2D")', None),
    ('duration("P")', None), ('duration("PT1.5S")', "PT1.5S"),
    ('years and months duration(date("2011-12-22"), date("2013-08-24"))', "P1Y8M"),
    ('years and months duration(date("2013-08-24"), date("2011-12-22"))', "-P1Y8M"),
    ('@"2023-01-19"', "2023-01-19"), ('@"P2D"', "P2D"), ('@"10:00:00"', "10:00:00"),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", FORMS)
def test_forms(expression, expected):
    assert text(expression) == expected


# The addition and subtraction tables of DMN 1.5 (10.3.2.3.6), row by row.
ARITHMETIC = [
    ('@"2023-01-31" + @"P1M"', "2023-02-28"), ('@"2024-01-31" + @"P1M"', "2024-02-29"),
    ('@"2023-01-31" - @"P1M"', "2022-12-31"), ('@"2023-01-01" + @"P1D"', "2023-01-02"),
    ('@"P1D" + @"2023-01-01"', "2023-01-02"), ('@"2023-03-01" - @"P1D"', "2023-02-28"),
    ('@"2023-01-31T10:00:00" + @"P1M"', "2023-02-28T10:00:00"),
    ('@"2023-01-01T23:00:00" + @"PT2H"', "2023-01-02T01:00:00"),
    ('@"2023-03-26T01:30:00@Europe/Berlin" + @"PT1H"', "2023-03-26T03:30:00@Europe/Berlin"),
    ('@"2023-10-29T01:30:00@Europe/Berlin" + @"PT2H"', "2023-10-29T02:30:00@Europe/Berlin"),
    ('@"2023-01-01T10:00:00+01:00" - @"PT1H"', "2023-01-01T09:00:00+01:00"),
    ('@"23:00:00" + @"PT2H"', "01:00:00"), ('@"01:00:00" - @"PT2H"', "23:00:00"),
    ('@"2023-01-02" - @"2023-01-01"', "P1D"), ('@"2023-01-01" - @"2023-01-02"', "-P1D"),
    ('@"2023-01-02T00:00:00Z" - @"2023-01-01T12:00:00+01:00"', "PT13H"),
    ('@"2023-01-01T00:00:00" - @"2023-01-01T00:00:00Z"', None),
    ('@"10:00:00" - @"09:30:00"', "PT30M"), ('@"P1D" + @"PT1H"', "P1DT1H"),
    ('@"P1Y" - @"P1M"', "P11M"), ('@"P1Y" + @"P1D"', None), ('@"2023-01-01" + 1', None),
    ('@"PT1H" * 1.5', "PT1H30M"), ('2 * @"P1Y"', "P2Y"), ('@"P1D" / 2', "PT12H"),
    ('@"P1Y" / 5', "P2M"), ('-@"P1D"', "-P1D"), ('@"PT1H" / 0', None),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", ARITHMETIC)
def test_arithmetic(expression, expected):
    assert text(expression) == expected


COMPARISON = [
    ('@"2023-01-01" < @"2023-01-02"', True),
    ('@"2023-01-01T10:00:00+01:00" = @"2023-01-01T09:00:00Z"', True),
    ('@"2018-10-08T00:00:00+02:00" = @"2018-10-08T00:00:00@Europe/Paris"', True),
    ('@"2023-01-01T10:00:00" = @"2023-01-01T10:00:00Z"', False),
    ('@"2023-01-01T10:00:00" < @"2023-01-01T10:00:00Z"', None),
    ('@"10:00:00Z" = @"10:00:00+00:00"', True), ('@"10:00:00+02:00" = @"10:00:00@Europe/Paris"', False),
    ('@"P1D" = @"PT24H"', True), ('@"P1Y" = @"P12M"', True), ('@"P1Y" < @"P1D"', None),
    ('@"2023-01-01" = @"2023-01-01T00:00:00"', None), ('@"PT1H" / @"PT30M"', Decimal(2)),
    ('@"P1Y" / @"P1M"', Decimal(12)),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", COMPARISON)
def test_comparison(expression, expected):
    assert feel.evaluate(expression) == expected


PROPERTIES = [
    ('@"2018-12-10".year', 2018), ('@"2018-12-10".month', 12), ('@"2018-12-10".day', 10),
    ('@"2018-12-10".weekday', 1), ('@"2018-12-10T10:30:01".hour', 10),
    ('@"2018-12-10T10:30:01.5".second', Decimal("1.5")), ('@"10:30:00@Etc/UTC".timezone', "Etc/UTC"),
    ('string(@"10:30:00+05:00".time offset)', "PT5H"), ('@"10:30:00".time offset', None),
    ('@"P1Y2M".years', 1), ('@"P1Y2M".months', 2), ('@"P1DT2H".hours', 2), ('@"P1DT2H".days', 1),
    ('@"-P1DT2H".hours', -2), ('@"P1Y".days', None), ('@"2018-12-10".hour', None),
    ('day of year(@"2020-12-31")', 366), ('day of week(@"2019-09-17")', "Tuesday"),
    ('month of year(@"2019-09-17")', "September"), ('week of year(@"2010-01-01")', 53),
    ('week of year(@"2003-12-29")', 1),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", PROPERTIES)
def test_properties(expression, expected):
    value = feel.evaluate(expression)
    assert value == (Decimal(expected) if type(expected) is int else expected)


# Durations reach from the first to the last instant of the calendar, no further (G12).
RANGE = [
    ('date(999999999, 12, 31) - date(-999999999, 1, 1)', "P730484999633D"),
    ('date and time("999999999-12-31T23:59:59-18:00") - date and time("-999999999-01-01T00:00:00+18:00")',
     "P730484999635DT11H59M59S"),
    ('years and months duration(date(-999999999, 1, 1), date(999999999, 12, 31))', "P1999999998Y11M"),
    ('duration("P1999999998Y11M")', "P1999999998Y11M"), ('duration("P1999999999Y")', None),
    ('duration("-P1999999999Y")', None), ('duration("P99999999Y") * 20', "P1999999980Y"),
    ('duration("P99999999Y") * 21', None), ('duration("P1Y") / 1e-10', None),
    ('duration("P1Y") * 9e6144', None), ('duration("P1D") * 1e30', None),
    ('duration("P1D") / 1e-6143', None), ('duration("P730484999636D")', None),
    ('duration("-PT' + "9" * 5000 + 'S")', None), ('duration("P' + "0" * 5000 + '1D")', "P1D"),
    ('(date(999999999, 12, 31) - date(-999999999, 1, 1)) * 2', None),
    ('duration("P1999999998Y") + duration("P11M")', "P1999999998Y11M"),
    ('duration("P1999999998Y") + duration("P1Y")', None),
    ('duration("P730484999635D") - duration("-P1D")', None),
    ('date("2020-01-01") + duration("P999999999999999999999999999D")', None),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", RANGE)
def test_duration_range(expression, expected):
    assert text(expression) == expected
    if expected is None:
        assert feel.evaluate_result(expression).warnings


@pytest.mark.parametrize("expression, expected", [
    ('date and time("9999-12-31T23:00:00@Asia/Tokyo") + duration("PT1H")',
     "10000-01-01T00:00:00@Asia/Tokyo"),
    ('date and time(date and time("9999-12-31T23:00:00Z"), "Pacific/Kiritimati")',
     "10000-01-01T13:00:00@Pacific/Kiritimati"),
    ('date and time(date and time("0001-01-01T00:00:00Z"), "America/New_York")',
     "0000-12-31T19:03:58@America/New_York"),
])  # fmt: skip
def test_zones_beyond_the_years_of_python_datetime(expression, expected):
    assert text(expression) == expected


# Years run from -999,999,999 to 999,999,999 (DMN 1.5 10.3.2.3.1; the TCK's 1115 and 1117
# take 999999999-12-31 and refuse a tenth digit): a value past them is null plus a warning,
# whether a text's 24:00:00, arithmetic or a zone's offset carries it there.
YEARS = [
    ('date and time("999999999-12-31T24:00:00")', None, "INVALID_VALUE"),
    ('@"999999999-12-31T24:00:00Z"', None, "INVALID_VALUE"),
    ('date(date and time("999999999-12-31T24:00:00"))', None, "INVALID_VALUE"),
    ('date and time("999999999-12-30T24:00:00")', "999999999-12-31T00:00:00", None),
    ('date and time("-999999999-12-31T24:00:00")', "-999999998-01-01T00:00:00", None),
    ('date and time("999999999-12-31T23:59:59.999999999Z") + duration("PT0.000000001S")', None,
     "ARITHMETIC"),
    ('date and time("999999999-12-31T23:30:00@Europe/Paris") + duration("PT1H")', None, "ARITHMETIC"),
    ('date and time("999999999-12-31T23:59:59") + duration("PT1S")', None, "ARITHMETIC"),
    ('date("999999999-12-31") + duration("P1D")', None, "ARITHMETIC"),
    ('date("999999999-12-31") - duration("-P1D")', None, "ARITHMETIC"),
    ('date("-999999999-01-01") - duration("P1D")', None, "ARITHMETIC"),
    ('date("999999999-12-01") + duration("P1M")', None, "ARITHMETIC"),
    ('date("999999999-11-30") + duration("P1M")', "999999999-12-30", None),
    ('date and time(date and time("999999999-12-31T23:00:00Z"), "Asia/Tokyo")', None, "ARITHMETIC"),
    ('date and time(date and time("999999999-12-31T23:00:00Z"), "+05:00")', None, "ARITHMETIC"),
    ('date and time(date and time("-999999999-01-01T01:00:00Z"), "America/New_York")', None,
     "ARITHMETIC"),
    ('date and time(date and time("999999999-12-31T13:00:00Z"), "Asia/Tokyo")',
     "999999999-12-31T22:00:00@Asia/Tokyo", None),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected, kind", YEARS)
def test_no_value_leaves_the_years_feel_supports(expression, expected, kind):
    result = feel.evaluate_result(expression)
    shown = None if result.value is None else temporal.to_string(result.value)
    assert shown == expected
    kinds = [w.kind.value for w in result.warnings]
    assert kinds[:1] == ([kind] if kind else []) and (kind or not kinds)  # the first says why


def test_the_end_of_the_last_day_is_refused_with_a_reason():
    with pytest.raises(Failure) as refused:
        temporal.parse_date_time("999999999-12-31T24:00:00")
    assert refused.value.kind.value == "INVALID_VALUE"
    assert "past the last date" in refused.value.message
    assert temporal.parse_date_time("999999999-12-31T23:59:59").year == temporal.MAX_YEAR


def test_python_durations_out_of_range_are_null():
    from dateutil.relativedelta import relativedelta

    assert feel.evaluate("d", {"d": relativedelta(years=10**30)}) is None
    assert feel.evaluate("string(d)", {"d": relativedelta(years=2)}) == "P2Y"


def test_iterating_dates():
    days = feel.evaluate('for d in @"2023-01-30"..@"2023-02-02" return string(d)')
    assert days == ["2023-01-30", "2023-01-31", "2023-02-01", "2023-02-02"]


def test_python_values_in_and_out():
    zone = dt.timezone(dt.timedelta(hours=2))
    assert feel.evaluate("d + duration(\"P1D\")", {"d": dt.date(2023, 1, 31)}).to_python() == dt.date(2023, 2, 1)
    moment = feel.evaluate("x", {"x": dt.datetime(2023, 1, 1, 10, tzinfo=zone)})
    assert temporal.to_string(moment) == "2023-01-01T10:00:00+02:00"
    assert feel.evaluate("t", {"t": dt.timedelta(hours=36)}).to_python() == dt.timedelta(hours=36)
    assert feel.evaluate("x.hour", {"x": dt.time(7, 30)}) == 7


def test_clock_drives_now_and_today():
    engine = feel.Engine(clock=lambda: dt.datetime(2023, 5, 17, 8, 0, tzinfo=dt.timezone.utc))
    assert engine.evaluate("string(today())") == "2023-05-17"
    assert engine.evaluate("now().hour") == 8


def test_invalid_text_raises_failure_inside():
    with pytest.raises(Failure):
        temporal.parse_date("2023-02-30")


dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=-3000, max_value=3000))
def test_date_plus_days_minus_days(day, count):
    start = temporal.from_python(day)
    duration = temporal.DayTimeDuration(count * temporal.NANOS_PER_DAY)
    moved = temporal.add(start, duration)
    if dt.date.min.toordinal() <= day.toordinal() + count <= dt.date.max.toordinal():
        assert moved.to_python() == day + dt.timedelta(days=count)
    assert temporal.subtract(moved, duration) == start


@settings(max_examples=200, deadline=None)
@given(dates, dates)
def test_order_agrees_with_python(a, b):
    x, y = temporal.from_python(a), temporal.from_python(b)
    assert temporal.compare(x, y) == (a > b) - (a < b)


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1),
                    timezones=st.just(dt.timezone.utc)), st.integers(-10**6, 10**6))  # fmt: skip
def test_instants_plus_seconds(moment, seconds):
    value = temporal.from_python(moment)
    moved = temporal.add(value, temporal.DayTimeDuration(seconds * temporal.NANOS_PER_SECOND))
    assert moved.to_python() == moment + dt.timedelta(seconds=seconds)


def test_the_second_pass_of_a_repeated_hour_keeps_its_instant():
    """2023-10-29 02:30 happens twice in Berlin; arithmetic, conversion and Python values
    keep which pass a value is (as datetime's ``fold``)."""
    later = feel.evaluate('@"2023-10-29T01:30:00@Europe/Berlin" + @"PT2H"')
    moment = dt.datetime(2023, 10, 29, 1, 30, tzinfo=dt.timezone.utc)
    assert later.to_python().timestamp() == moment.timestamp()  # PEP 495: == is False here
    assert feel.evaluate('date and time(@"2023-10-29T01:30:00Z", "Europe/Berlin") = x',
                         {"x": later}) is True  # fmt: skip
    second = dt.datetime(2023, 10, 29, 2, 30, tzinfo=later.to_python().tzinfo, fold=1)
    assert feel.evaluate('x = @"2023-10-29T01:30:00Z"', {"x": second}) is True


def test_is_tells_the_two_passes_of_a_repeated_hour_apart():
    first = '@"2023-10-29T02:30:00@Europe/Berlin"'
    second = '(@"2023-10-29T01:30:00@Europe/Berlin" + @"PT2H")'
    assert feel.evaluate(f"is({first}, {second})") is False
    assert feel.evaluate(f"is({first}, {first})") is True
    assert feel.evaluate(f"is({second}, {second})") is True
