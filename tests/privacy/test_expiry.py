"""Expiry days, hand-computed: calendar months, 29 February, and a period that changes on a date."""

import datetime as dt

from regiekamer.privacy.expiry import Period, add_period, expires_on, in_force, latest_start, segments

D = dt.date
FIVE = Period(D(2020, 1, 1), years=5)


def test_years_and_months_are_calendar_periods():
    assert add_period(D(2021, 3, 14), FIVE) == D(2026, 3, 14)
    assert add_period(D(2025, 11, 30), Period(D(2020, 1, 1), months=3)) == D(2026, 3, 1)  # 30 February does not exist
    assert add_period(D(2026, 1, 31), Period(D(2020, 1, 1), months=1)) == D(2026, 3, 1)
    assert add_period(D(2026, 11, 28), Period(D(2020, 1, 1), days=7)) == D(2026, 12, 5)


def test_leap_day_plus_a_year_is_the_first_of_march():
    one_year = Period(D(2020, 1, 1), years=1)
    assert add_period(D(2024, 2, 29), one_year) == D(2025, 3, 1)
    assert add_period(D(2024, 2, 29), Period(D(2020, 1, 1), years=4)) == D(2028, 2, 29)  # a leap year again
    assert add_period(D(2024, 2, 28), one_year) == D(2025, 2, 28)
    # Judged on 28 February 2025, the 28th has passed its year, the 29th not yet.
    assert latest_start(D(2025, 2, 28), one_year) == D(2024, 2, 28)
    assert latest_start(D(2025, 3, 1), one_year) == D(2024, 3, 1)  # 29 February and 1 March both pass today


def test_the_period_in_force_on_the_start_day_holds():
    periods = [Period(D(2020, 1, 1), years=5), Period(D(2026, 7, 1), years=7)]
    assert in_force(periods, D(2019, 5, 1)).years == 5  # before the first: the first
    assert in_force(periods, D(2026, 6, 30)).years == 5
    assert in_force(periods, D(2026, 7, 1)).years == 7
    assert expires_on(D(2026, 6, 30), periods) == D(2031, 6, 30)
    assert expires_on(D(2026, 7, 1), periods) == D(2033, 7, 1)
    assert segments(periods, D(2031, 12, 31)) == [(None, D(2026, 7, 1), D(2026, 12, 31)),
                                                   (D(2026, 7, 1), None, D(2024, 12, 31))]
