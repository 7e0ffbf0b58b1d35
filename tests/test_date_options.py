"""Every date option and number of days bounded in one place (checker.cli.main), date series capped
and built without a loop that can miss its end (checker.committee.history): a usage sentence in French and
exit 2, never an internal error, never a run that does not end."""

import argparse
import datetime as dt

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from checker.cli import main as cli
from checker.committee.history import MAX_DATES, TooManyDates, as_of_dates, date_count
from checker.foundation import options
from checker.foundation.dates import add_months

EXAMPLES = str(FIXTURES / "examples")
ONE = str(FIXTURES / "examples" / "exemple-conforme.yaml")
RANGE_FR = "attend une date entre 1900-01-01 et 2999-12-31"


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def only_line(err: str) -> str:
    assert err.count("\n") == 1 and "Error" not in err and "Traceback" not in err, err
    return err.removeprefix("conformite: ").rstrip("\n")


def test_agenda_days_beyond_a_hundred_years_is_a_usage_sentence(capsys):
    code, out, err = run(capsys, "agenda", EXAMPLES, "--days", "99999999999")
    assert code == 2 and out == ""
    assert only_line(err) == "--days attend un nombre de jours entre 0 et 36525, pas « 99999999999 »"
    code, out, err = run(capsys, "agenda", EXAMPLES, "--days", "36525", "--as-of", "2999-12-31", "--format", "json")
    assert code == 0 and '"days": 36525' in out  # the bounds together stay inside the calendar


@pytest.mark.parametrize("value", ["-1", "1e3", "", "٣"])
def test_a_number_of_days_that_is_not_one_is_a_usage_sentence(capsys, value):
    code, _, err = run(capsys, "agenda", EXAMPLES, "--days", value, "--lang", "en")
    assert code == 2 and only_line(err).startswith("--days expects a number of days between 0 and 36525, not '")


@pytest.mark.parametrize(
    ("args", "option", "value"),
    [
        (["agenda", EXAMPLES, "--as-of", "9999-12-31"], "--as-of", "9999-12-31"),
        (["sheet", ONE, "--as-of", "0001-01-01"], "--as-of", "0001-01-01"),
        (["sheet", ONE, "--as-of", "9999-12-31"], "--as-of", "9999-12-31"),
        (["check", ONE, "--as-of", "1899-12-31"], "--as-of", "1899-12-31"),
        (["check", ONE, "--history-from", "0001-01-01", "--format", "html"], "--history-from", "0001-01-01"),
        (["history", EXAMPLES, "--from", "9999-11-01", "--to", "9999-12-31"], "--from", "9999-11-01"),
        (["history", EXAMPLES, "--from", "2020-01-01", "--to", "3000-01-01"], "--to", "3000-01-01"),
        (["import", "betagouv", EXAMPLES, "--out", "/nonexistent", "--as-of", "0001-01-01"], "--as-of", "0001-01-01"),
        (
            ["evidence", "dashlord", EXAMPLES, "--out", "/none", "--observed-on", "9999-12-31"],
            "--observed-on",
            "9999-12-31",
        ),
    ],
)
def test_a_date_outside_the_bounds_is_a_usage_sentence_before_anything_runs(capsys, args, option, value):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert only_line(err) == f"{option} {RANGE_FR}, pas « {value} »"


def test_every_date_option_of_every_command_is_checked_in_one_place():
    """Whatever a command's option with a date's metavar: its value is in DATE_OPTIONS."""
    parser = cli.build_parser()
    found = set()

    def walk(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)
            elif action.metavar == "AAAA-MM-JJ":
                found.add((action.dest, action.option_strings[0]))

    walk(parser)
    assert found == set(cli.DATE_OPTIONS.items())


def test_the_month_step_at_the_end_of_the_calendar_ends():
    """The month after 9999-12 is no date: the step used to clamp to 9999-12-31 and loop."""
    last = dt.date(9999, 12, 31)
    assert as_of_dates(dt.date(9999, 11, 1), last, "month") == [dt.date(9999, 11, 1), dt.date(9999, 12, 1), last]
    assert as_of_dates(dt.date(9999, 12, 29), last, "week") == [dt.date(9999, 12, 29), last]
    assert as_of_dates(last, last, "month") == [last] and as_of_dates(last, last, "week") == [last]
    assert as_of_dates(dt.date(2025, 2, 1), dt.date(2025, 1, 1), "month") == []


def test_a_series_past_the_cap_is_refused_with_its_count(capsys):
    code, out, err = run(capsys, "history", EXAMPLES, "--from", "1900-01-01", "--to", "2000-01-01", "--every", "week")
    assert code == 2 and out == ""
    assert only_line(err) == (
        f"--from/--to : de 1900-01-01 à 2000-01-01, 5219 dates (une par semaine) ; au plus {MAX_DATES} : "
        "raccourcissez la période"
    )
    args = ["check", ONE, "--as-of", "2999-12-31", "--history-from", "2000-01-01", "--format", "html", "--lang", "en"]
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert only_line(err) == (
        f"--history-from: from 2000-01-01 to 2999-12-31, 12001 dates (one a month); at most {MAX_DATES}: "
        "shorten the period"
    )
    with pytest.raises(TooManyDates):
        as_of_dates(dt.date(1900, 1, 1), dt.date(2000, 1, 1), "week")


def test_a_series_at_the_cap_is_taken_one_more_is_not():
    start = dt.date(2000, 1, 31)
    end = add_months(start, MAX_DATES - 1)  # 2043-04-30: the French month rule
    assert date_count(start, end, "month") == len(as_of_dates(start, end, "month")) == MAX_DATES
    args = argparse.Namespace(command="history", start=start, end=end, every="month")
    cli._series(args, "fr")
    args.end = end + dt.timedelta(days=1)
    with pytest.raises(cli._Usage, match=f"{MAX_DATES + 1} dates"):
        cli._series(args, "fr")


def test_an_overflow_left_anywhere_is_one_french_sentence(capsys, monkeypatch):
    def overflow(args):
        return dt.date.max + dt.timedelta(days=1)

    monkeypatch.setattr(cli, "_dispatch", overflow)
    code, _, err = run(capsys, "schema")
    assert code == 2 and only_line(err).startswith("un calcul sort des limites (une date hors des années 1 à 9999")


# --- fuzz ---------------------------------------------------------------------------------------

DATE_TEXT = st.one_of(
    st.text(max_size=14),
    st.dates().map(dt.date.isoformat),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)


@given(DATE_TEXT, st.sampled_from(sorted(cli.DATE_OPTIONS.values())))
def test_fuzzed_date_options_give_a_bounded_date_or_one_usage_sentence(value, option):
    try:
        day = options.date_option(value, "fr", option)
    except options.Usage as exc:
        message = str(exc)
        assert message.startswith(f"{option} attend une date") and "\n" not in message
        return
    assert options.FIRST_DAY <= day <= options.LAST_DAY and day.isoformat() == value


@given(st.one_of(st.integers().map(str), st.text(max_size=12)))
def test_fuzzed_numbers_of_days_give_a_bounded_count_or_one_usage_sentence(value):
    try:
        days = cli._count(value, cli.MAX_DAYS, "cli.days", "fr", 0, "--days")
    except cli._Usage as exc:
        assert str(exc).startswith("--days attend un nombre de jours entre 0 et 36525, pas « ")
        return
    assert 0 <= days <= cli.MAX_DAYS and days == int(value)


@given(st.dates(), st.dates(), st.sampled_from(["month", "week"]))
def test_fuzzed_series_are_counted_exactly_and_end_on_their_last_day(start, end, every):
    count = date_count(start, end, every)
    if count > MAX_DATES:
        with pytest.raises(TooManyDates):
            as_of_dates(start, end, every)
        return
    days = as_of_dates(start, end, every)
    assert len(days) == count
    if start > end:
        assert days == []
        return
    assert days[0] == start and days[-1] == end and days == sorted(set(days))
    for n, day in enumerate(days[:-1]):  # every date but the last is a step from start
        assert day == (add_months(start, n) if every == "month" else start + dt.timedelta(weeks=n))
    following = len(days) if _step_or_none(start, len(days) - 1, every) == end else len(days) - 1
    after = _step_or_none(start, following, every)
    assert after is None or after > end  # the next step is past the period (or past the calendar)


def _step_or_none(start, n, every):
    if every == "week":
        try:
            return start + dt.timedelta(weeks=n)
        except OverflowError:
            return None
    index = start.year * 12 + start.month - 1 + n
    return None if index // 12 > dt.MAXYEAR else add_months(start, n)
