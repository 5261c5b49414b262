"""Built-ins: string and conversion functions (expression, expected)."""

from decimal import Decimal

import pytest
from feelcheck import check

CASES = [
    # substring
    ('substring("foobar", 3)', "obar"), ('substring("foobar", 3, 3)', "oba"),
    ('substring("foobar", -2, 1)', "a"), ('substring("foobar", 3, 3.8)', "oba"),
    ('substring(string: "foobar", start position: 2)', "oobar"), ('substring("foo", 0)', None),
    ('substring("\U0001F40Eab", 2)', "ab"), ('substring(1, 2)', None), ('substring(null, 1)', None),
    # lengths and case
    ('string length("foo")', 3), ('string length("\U0001F40E")', 1), ('string length(1)', None),
    ('upper case("aBc")', "ABC"), ('lower case("aBc")', "abc"), ('upper case(["a"])', "A"),
    ('upper case(string: "a")', "A"), ('upper case(text: "a")', None),
    # search
    ('substring before("foobar", "bar")', "foo"), ('substring before("foobar", "x")', ""),
    ('substring after("foobar", "ob")', "ar"), ('substring after("", "a")', ""),
    ('contains("foobar", "of")', False), ('contains("foobar", "ob")', True),
    ('starts with("foobar", "fo")', True), ('ends with("foobar", "r")', True),
    ('contains(null, "a")', None),
    # regular expressions
    ('matches("foobar", "^fo*b")', True), ('matches("FOO", "foo", "i")', True),
    ('matches("a\\nb", "a.b", "s")', True), ('matches("abc", "^[a-z-[b]]+$")', False),
    ('matches("Ärger", "\\\\p{Lu}")', True), ('matches("a", "(")', None),
    ('matches("a", "a", "g")', None), ('matches("a+b", "a+b", "q")', True),
    ('matches("hello world", "hello[ ]world ", "x")', True),
    ('matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")', False),
    ('replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', "[1=ab][2=]cd"),
    ('replace("abc", "b", "\\\\$")', "a$c"), ('replace("abc", "", "x")', None),
    ('replace("abc", "(a)(b)(c)(.?)(.?)(.?)(.?)(.?)(.?)(.?)(.?)(.?)", "$12|$13|$01")', "|a3|a"),
    ('replace("a", "(a)", "$1' + "0" * 5000 + '")', "a" + "0" * 5000),
    ('replace("a.b", ".", "-", "q")', "a-b"), ('replace("AbC", "b", "x", "i")', "AxC"),
    ('split("a;b;c", ";")', ["a", "b", "c"]), ('split("a1b22c", "[0-9]+")', ["a", "b", "c"]),
    ('split("abc", "")', None), ('extract("a1b22", "[0-9]+")', ["1", "22"]),
    # string join
    ('string join(["a", "b"], ", ")', "a, b"), ('string join(["a", null, "c"])', "ac"),
    ('string join(["a", "b"], "-", "[", "]")', "[a-b]"), ('string join(["a", 1])', None),
    ('string join("a", "X")', "a"), ('string join(["a"], "X", "y")', None),
    # conversion
    ('number("1,000.5", ",", ".")', Decimal("1000.5")), ('number("1.000,5", ".", ",")', Decimal("1000.5")),
    ('number("12")', 12), ('number("x")', None), ('number("1.0", ".", ".")', None),
    ('number("1e999999999")', None), ('number("-1e6145")', None), ('number("1e6144")', Decimal("1e6144")),
    ('number("1234567890123456789012345678901234567")', Decimal("1.234567890123456789012345678901235E+36")),
    ('string(1.1)', "1.1"), ('string(1e3)', "1000"), ('string(true)', "true"),
    ('string(null)', None), ('string("a")', "a"), ('string([1, "a"])', '[1, "a"]'),
    ('string({a: 1})', "{a: 1}"), ('string(date("2023-01-19"))', "2023-01-19"),
    ('string(duration("PT36H"))', "P1DT12H"),
    ('range("[1..10)") = [1..10)', True), ('range("(1..10]").start included', False),
    ('range("[3..1]")', None), ('range(">= 10")', None), ('range("[x..2]")', None),
    # boolean
    ('not(true)', False), ('not(null)', None), ('not(1)', None),
    ('is(1, 1)', True), ('is(1, "1")', False), ('is(@"10:00:00Z", @"10:00:00@Etc/UTC")', False),
    ('is(date("2023-01-01"), date("2023-01-01"))', True),
]  # fmt: skip


@pytest.mark.parametrize("expression, expected", CASES)
def test_function(expression, expected):
    check(expression, expected)
