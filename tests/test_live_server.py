"""The browser tests' live server answers each request on its own database connection, as
a deployed site does: what the test thread has not committed, a request cannot see, and
two requests' transactions cannot interleave (on one shared connection, a page's preview
request once ended a signed-in session in the middle of a browser test)."""

import urllib.error
import urllib.request

import pytest
from django.db import transaction

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the live server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_request_does_not_see_what_the_test_has_not_committed(live_server):
    with transaction.atomic():
        article = ArticleFactory(title="Not yet committed")
        assert status_of(live_server.url + article.get_absolute_url()) == 404
    assert status_of(live_server.url + article.get_absolute_url()) == 200
