"""The fund's days after the election: when the party's report on the fund's use is due.

The party reports on the use of its fund within 5 days after the election's results are
published (Constitutional Law "On Elections", art. 34(4) in the texts seen); the commission
then publishes each fund's total and sources within 10 days. The count starts the day after
the results' publication: results published on 20.03 make the report due by 25.03. Until the
results' day is recorded, the report's day is counted from election day, as the earliest it
could be, and says so.

Pure: the status and the final report ask it, given the days the book records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REPORT_DAYS_AFTER_RESULTS = 5
REPORT_ARTICLE = "Constitutional Law \"On Elections\", art. 34(4) (the party reports within 5 days after the results)"


@dataclass(frozen=True)
class ReportDue:
    due: dt.date
    days_left: int            # negative: overdue by that many days
    from_results: bool        # False: counted from election day, the results' day not recorded yet


def report_due(election_date: dt.date | None, results_date: dt.date | None, today: dt.date) -> ReportDue | None:
    """When the final report is due and how many days are left on ``today``; None while the
    book records neither the election's day nor the results'."""
    start = results_date or election_date
    if start is None:
        return None
    due = start + dt.timedelta(days=REPORT_DAYS_AFTER_RESULTS)
    return ReportDue(due, (due - today).days, results_date is not None)
