import pytest

from tests.support.celery_worker import worker_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgres://postgres@127.0.0.1:5432/voc_ci",
            "postgres://postgres@127.0.0.1:5432/test_voc_ci",
        ),
        (
            "postgres://postgres@/voc?host=/work/.data/pg",
            "postgres://postgres@/test_voc_ci?host=/work/.data/pg",
        ),
    ],
)
def test_worker_database_url_keeps_server_and_names_test_db_when_built(
    monkeypatch, given, expected
):
    monkeypatch.setenv("DATABASE_URL", given)
    assert worker_database_url("test_voc_ci") == expected
