"""Case numbers stay unique and gapless when many people submit at once."""

import threading

import pytest
from django.db import close_old_connections, connection

from renda.cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)


def test_serials_follow_each_other(world, make_case):
    cases = [make_case(title=f"关于第{i}条道路的建议", submit=False) for i in range(3)]
    serials = [c.serial for c in cases]
    assert serials == list(range(serials[0], serials[0] + 3))
    assert len({c.number for c in cases}) == 3


@pytest.mark.postgres
def test_concurrent_creates_all_succeed_with_distinct_numbers(world, make_case):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks across real connections)")
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def worker(i):
        try:
            barrier.wait()
            make_case(title=f"并发提交的建议{i}", submit=False)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Case.objects.filter(title__startswith="并发提交的建议").values_list("serial", flat=True))
    assert len(numbers) == 8 and len(set(numbers)) == 8
