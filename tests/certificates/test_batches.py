import pytest

from certificates import rendering, services


def test_a_small_cohort_is_split_so_that_every_core_gets_a_batch(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)

    batches = services.enrolment_batches(list(range(20)))

    assert [len(batch) for batch in batches] == [10, 10]


def test_a_large_cohort_is_split_into_batches_of_at_most_the_batch_size(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)

    batches = services.enrolment_batches(list(range(110)))

    assert max(len(batch) for batch in batches) == services.BATCH_SIZE
    assert [pk for batch in batches for pk in batch] == list(range(110))


@pytest.mark.django_db
def test_a_worker_process_warms_up_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        rendering.warm_up()
