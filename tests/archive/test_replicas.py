"""Public pages read from a read replica, signed-in users and writes from the primary
(archive/db_router.py), with a second PostgreSQL database standing in as the replica:
a copy of the test database whose rows the test then makes differ. Skipped on SQLite."""

import pytest
from django.db import connection, connections
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(settings):
    if connection.vendor != "postgresql":
        pytest.skip("read replicas are a PostgreSQL set-up")
    primary = connection.settings_dict["NAME"]
    name = f"{primary}_replica"
    connection.close()  # a template database must have no other session
    with connection._nodb_cursor() as cursor:
        # Sessions left by earlier tests' server threads would block the copy.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [primary],
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary}"')
    # Created directly, not declared in settings: Django's test case allows such a one.
    connections["replica1"] = type(connections["default"])(
        {**connection.settings_dict, "NAME": name}, alias="replica1"
    )
    settings.REPLICA_DATABASES = ["replica1"]
    settings.DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"]
    settings.PAGE_CACHE_SECONDS = 0  # every request reads a database
    try:
        yield connections["replica1"]
    finally:
        connections["replica1"].close()
        del connections["replica1"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def article():
    return ArticleFactory(title="As on the primary")


def test_anonymous_pages_read_the_replica_signed_in_pages_the_primary(
    article, replica, author_client
):
    with replica.cursor() as cursor:
        cursor.execute("UPDATE archive_article SET title = %s", ["As on the replica"])
    assert "As on the replica" in Client().get(article.get_absolute_url()).text
    assert "As on the replica" in Client().get("/").text
    signed_in = author_client.get(article.get_absolute_url()).text
    assert "As on the primary" in signed_in and "As on the replica" not in signed_in
    assert (
        "As on the primary"
        in author_client.get(f"/admin/archive/article/{article.pk}/change/").text
    )


def test_writes_go_to_the_primary_only(article, replica):
    article.title = "Written once"
    article.save()
    with replica.cursor() as cursor:
        cursor.execute("SELECT title FROM archive_article WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == "As on the primary"
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM archive_article WHERE id = %s", [article.pk])
        assert cursor.fetchone()[0] == "Written once"
