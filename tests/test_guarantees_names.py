"""What the library promises about scale of names and long literals: many names sharing a
first word compile and load in about linear work (counted in calls); long string literals
cost a few bytes a character and are bounded by ``max_string``.

The README's "Guarantees" section names the tests behind each promise (issue 7); a
finding that cannot be fixed at once is a test marked ``xfail(strict=True)`` whose reason
says what is wrong, unmarked when fixed. Shared helpers: ``tests/guarantees_support.py``.
"""

from __future__ import annotations

import pytest
from guarantees_support import calls_of, chain_of_decisions, peak_bytes

import feel
from feel import FeelSyntaxError


# -- names at scale and long literals ------------------------------------------------------


def test_many_names_sharing_a_first_word_compile_in_linear_work():
    engine = feel.Engine()
    engine.compile("1", ["warm up"])

    def compile_with(count: int) -> int:
        names = [f"Applicant field {i}" for i in range(count)]
        return calls_of(lambda: engine.compile("1", names))

    small, large = compile_with(2_000), compile_with(16_000)
    assert large < 12 * small  # linear is 8 times, quadratic 64 times


def test_a_name_among_many_sharing_its_first_word_still_resolves():
    names = {f"Applicant field {i}": i for i in range(5_000)}
    assert feel.evaluate("Applicant field 4321 + Applicant field 7", names) == 4328



def test_dmn_load_work_grows_about_linearly_with_spaced_names():
    import feel.dmn

    feel.dmn.load(chain_of_decisions(10))
    small = calls_of(lambda: feel.dmn.load(chain_of_decisions(100)))
    large = calls_of(lambda: feel.dmn.load(chain_of_decisions(800)))
    assert large < 12 * small  # linear is 8 times, quadratic 64 times, cubic 512 times
    model = feel.dmn.load(chain_of_decisions(50))
    assert model.evaluate("Decision Number 49").value == 49


def test_evaluating_a_chain_of_spaced_names_sorts_the_names_once(monkeypatch):
    # Texts are compiled at their first evaluation with the model's one name index; each
    # compilation keeps the sorted names (for pickling). Sorting them again per text was
    # quadratic, and invisible to a count of calls (one C call each): count the items sorted.
    import feel.api
    import feel.dmn
    import feel.lexer

    sorted_items = []

    def counting_sorted(items, **options):
        result = sorted(items, **options)
        sorted_items.append(len(result))
        return result

    for module in (feel.lexer, feel.api):  # where the names may be sorted
        monkeypatch.setattr(module, "sorted", counting_sorted, raising=False)
    model = feel.dmn.load(chain_of_decisions(1_000))
    assert model.evaluate("Decision Number 999").value == 999
    assert sum(sorted_items) <= 2 * 1_000  # once per index: quadratic would be a million



@pytest.mark.parametrize(("unit", "length"), [("abcd", 4), ('ab\\"cd\\\\', 6)], ids=["plain", "escapes"])
def test_a_long_string_literal_costs_a_few_bytes_per_character(unit, length):
    body = unit * (2_000_000 // len(unit))
    text = f'string length("{body}")'
    engine = feel.Engine()
    expected = length * (2_000_000 // len(unit))
    assert peak_bytes(lambda: engine.evaluate(text)) < 40 * len(body)  # it was 260 per character
    assert engine.evaluate(text) == expected


def test_a_string_literal_longer_than_max_string_is_a_syntax_error():
    engine = feel.Engine(max_string=1_000)
    assert engine.evaluate('string length("' + "a" * 1_000 + '")') == 1_000
    with pytest.raises(FeelSyntaxError, match="max_string") as raised:
        engine.compile('1 + "' + "a" * 1_001 + '"')
    assert raised.value.column == 5
    with pytest.raises(FeelSyntaxError, match="max_string"):
        engine.compile_unary_tests('@"' + "1" * 1_001 + '"')


def test_an_unterminated_long_string_is_a_syntax_error_at_its_quote():
    with pytest.raises(FeelSyntaxError, match="unterminated string") as raised:
        feel.compile('x + "' + 'a\\"' * 100_000)
    assert raised.value.column == 5
