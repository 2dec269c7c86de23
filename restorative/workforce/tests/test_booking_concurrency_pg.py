"""Booking under concurrency, with two real database connections at once (PostgreSQL only).

Acceptance (issue 5): the waiting list promotes the next person when a booking is cancelled,
also when two cancellations arrive at once; and two people booking the last place never both
get it. The services lock the session row (`select_for_update`) before counting places; these
tests show that the lock is what keeps the outcome right when two transactions overlap.

How the overlap is made certain rather than hoped for:
- two threads, each with its own database connection, wait at a `threading.Barrier` and then
  call the real service at the same moment;
- the first thread to get the session lock is held there (a wrapper around
  `services._locked`) until the test has *seen*, from a third connection, that the other
  thread's backend is blocked by the first one (`pg_blocking_pids`);
- only then is the first let go; the second, which was waiting for the lock, goes on with the
  committed state.
Without the row lock the second backend is never blocked, and the test fails saying so.

SQLite has no row locks and serialises writers for the whole database, so two connections
cannot overlap there: these tests are skipped on SQLite, with the reason.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import services
from restorative.workforce.models import Booking, Session
from restorative.workforce.tests.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite has no row locks and "
    "serialises every writer, so two connections can never overlap there",
)

TIMEOUT = 20  # seconds; only reached when something is wrong


@dataclass
class Overlap:
    """What happened when two calls ran at once."""

    results: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)
    first_holder: str | None = None
    blocked_by: list[int] = field(default_factory=list)


@pytest.fixture
def run_together(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Overlap]]:
    """Run two service calls at the same moment, each on its own connection, and prove that
    one waited for the other's lock on the session row."""
    started: list[threading.Thread] = []

    def run(calls: dict[str, Callable[[], Any]]) -> Overlap:
        assert len(calls) == 2
        overlap = Overlap()
        barrier = threading.Barrier(len(calls), timeout=TIMEOUT)
        holding = threading.Event()
        release = threading.Event()
        claim = threading.Lock()
        real_locked = services._locked

        def held_locked(session: Session) -> Session:
            locked = real_locked(session)  # select_for_update: the lock is held from here
            with claim:
                first = overlap.first_holder is None
                if first:
                    overlap.first_holder = threading.current_thread().name
            if first:
                holding.set()
                # Keep the transaction (and the row lock) open until the test has seen the
                # other connection waiting for it.
                release.wait(TIMEOUT)
            return locked

        monkeypatch.setattr(services, "_locked", held_locked)

        def worker(name: str, call: Callable[[], Any]) -> None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    overlap.pids[name] = cursor.fetchone()[0]
                barrier.wait()
                overlap.results[name] = call()
            except BaseException as error:  # noqa: BLE001 - reported by the test below
                overlap.errors[name] = error
            finally:
                connections.close_all()  # this thread's connection only

        threads = [
            threading.Thread(target=worker, args=(name, call), name=name, daemon=True)
            for name, call in calls.items()
        ]
        started.extend(threads)
        for thread in threads:
            thread.start()
        try:
            assert holding.wait(TIMEOUT), f"Neither call took the session lock: {overlap.errors}"
            holder = overlap.first_holder
            waiter = next(name for name in calls if name != holder)
            deadline = time.monotonic() + TIMEOUT / 2
            with connection.cursor() as cursor:  # a third connection, watching the other two
                while time.monotonic() < deadline and not overlap.blocked_by:
                    cursor.execute("SELECT pg_blocking_pids(%s)", [overlap.pids[waiter]])
                    overlap.blocked_by = list(cursor.fetchone()[0] or [])
                    if not overlap.blocked_by:
                        time.sleep(0.02)
        finally:
            release.set()
            for thread in threads:
                thread.join(TIMEOUT)
        assert not any(t.is_alive() for t in threads), "A call did not finish"
        assert not overlap.errors, overlap.errors
        assert overlap.blocked_by == [overlap.pids[holder]], (
            f"'{waiter}' was never seen waiting for '{holder}' to release the session row: "
            "the two calls did not overlap on the lock"
        )
        return overlap

    yield run
    for thread in started:
        thread.join(TIMEOUT)


def _person(name: str) -> Staff:
    return StaffFactory(first_name=name, last_name="Tester", role=Staff.Role.PRACTITIONER)


def _book(session: Session, person: Staff, status: str) -> Booking:
    booking: Booking = BookingFactory(session=session, person=person, status=status)
    return booking


def test_two_cancellations_at_once_promote_two_different_people(
    transactional_db: None, run_together: Callable[..., Overlap]
) -> None:
    session = SessionFactory(capacity=2)
    ada, ben = _person("Ada"), _person("Ben")
    ada_booking = _book(session, ada, Booking.Status.BOOKED)
    ben_booking = _book(session, ben, Booking.Status.BOOKED)
    waiting = [_person(name) for name in ("Cai", "Dee", "Eli")]
    for person in waiting:
        _book(session, person, Booking.Status.WAITING)

    overlap = run_together(
        {
            "ada": lambda: services.booking_cancel(actor=ada, booking=ada_booking),
            "ben": lambda: services.booking_cancel(actor=ben, booking=ben_booking),
        }
    )

    promoted = [overlap.results["ada"].person, overlap.results["ben"].person]
    assert {p.pk for p in promoted} == {waiting[0].pk, waiting[1].pk}  # two different people
    status_of = dict(Booking.objects.filter(session=session).values_list("person_id", "status"))
    assert status_of == {
        ada.pk: Booking.Status.CANCELLED,
        ben.pk: Booking.Status.CANCELLED,
        waiting[0].pk: Booking.Status.BOOKED,
        waiting[1].pk: Booking.Status.BOOKED,
        waiting[2].pk: Booking.Status.WAITING,  # still first in line for the next place
    }
    # Nobody promoted twice, and never more places taken than the session holds.
    assert Booking.objects.filter(session=session).count() == 5
    assert (
        Booking.objects.filter(session=session, status__in=Booking.HOLDS_PLACE).count()
        == session.capacity
    )


def test_two_people_booking_the_last_place_at_once_one_gets_it_one_waits(
    transactional_db: None, run_together: Callable[..., Overlap]
) -> None:
    session = SessionFactory(capacity=2, starts_at=timezone.now() + datetime.timedelta(days=7))
    _book(session, _person("Fay"), Booking.Status.BOOKED)
    gus, hal = _person("Gus"), _person("Hal")

    overlap = run_together(
        {
            "gus": lambda: services.booking_create(actor=gus, session=session),
            "hal": lambda: services.booking_create(actor=hal, session=session),
        }
    )

    statuses = {name: booking.status for name, booking in overlap.results.items()}
    # The one that got the lock first took the place; the other waited, then saw it gone.
    assert statuses[overlap.first_holder or ""] == Booking.Status.BOOKED
    assert sorted(statuses.values()) == [Booking.Status.BOOKED, Booking.Status.WAITING]
    assert (
        Booking.objects.filter(session=session, status__in=Booking.HOLDS_PLACE).count()
        == session.capacity
    )
    assert Booking.objects.filter(session=session, status=Booking.Status.WAITING).count() == 1
