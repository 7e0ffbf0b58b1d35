import datetime as dt

import pytest

from checker.foundation.dates import add_months, parse_date

D = dt.date


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (D(2024, 11, 30), 3, D(2025, 2, 28)),  # the spec's example: no 30 February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 February + 1 year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 3, 31), 6, D(2024, 9, 30)),
        (D(2024, 7, 15), 6, D(2025, 1, 15)),
        (D(2024, 12, 20), 1, D(2025, 1, 20)),  # year boundary
        (D(2024, 6, 20), 0, D(2024, 6, 20)),
        (D(2024, 10, 15), 3, D(2025, 1, 15)),
    ],
)
def test_add_months_french_rule(start, months, expected):
    assert add_months(start, months) == expected


def test_add_months_never_goes_past_the_month():
    day = D(2023, 1, 1)
    while day < D(2026, 1, 1):
        for months in (1, 3, 6, 12):
            result = add_months(day, months)
            assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
            assert result.day == day.day or result.day < day.day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-02-29", D(2024, 2, 29)),
        ("2024-02-30", None),
        ("2024-2-1", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_add_months_past_the_calendar_clamps():
    assert add_months(D(9999, 12, 1), 6) == dt.date.max


def test_far_future_dates_do_not_break_a_check(check_text):
    body = "schema_version: 1\nstartup: {id: t, phases: [{name: construction, start: 2020-01-01}]}\nproduct_page: {url: u, updated_on: 9999-12-31}\n"
    result = check_text(body)
    assert result.status != "invalid" and result.obligations["product-page"] == "pass"
