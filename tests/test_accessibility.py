"""axe-core, run in real Chromium on the demo site's pages, in light and dark colour schemes:
landmarks, heading order, names, labels and colour contrast."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/articles/",
    "/articles/?country=kz",
    "/articles/?year=abc",
    "/articles/huawei-is-no-way-for-british-strategy-on-china/",
    "/countries/",
    "/countries/kz/",
    "/outlets/",
    "/themes/covid-19/",
    "/people/veerle-nouwens/",
    "/people/",
    "/2020/",
    "/no/such/page/",
    "/sources/",
    "/appearances/",
    "/appearances/orf-book-discussion-isis-in-south-asia/",
    "/appearances/rusi-mapping-the-pandemic-implications-for-uk-china-relations/",
    "/sources/?country=kz",
    "/sources/?site=kaktus.media",
    "/articles/beijing-binds-covid-19-and-the-china-central-asia-relationship/",
    "/search/?q=webinar",
    "/search/?q=china",  # suggested pages, writing and appearances, then cited sources
    "/appearances/gwu-cap-beijing-binds-covid-19-and-the-china-central-asia-relationship/",
    "/about/",
    "/markdownx/markdownify/",  # the 403 page, as an anonymous visitor sees it
]
STATUS = {"/no/such/page/": 404, "/markdownx/markdownify/": 403}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_accessibility_violations(page, scheme):
    call_command("load_demo")
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    problems = {}
    for path in PAGES:
        response = page.goto(path)
        assert response.status == STATUS.get(path, 200), path
        check(axe, page, path, problems)
    # The lockout page, reached as a person would: wrong passwords in the admin's form.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("nobody")
        page.get_by_label("Password").fill("wrong")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Log in").click()
    assert navigation.value.status == 429
    check(axe, page, "lockout page", problems)
    assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_410_page_of_a_trashed_article_has_no_accessibility_violations(page, scheme):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    article.move_to_trash()
    page.emulate_media(color_scheme=scheme)
    assert page.goto(article.get_absolute_url()).status == 410
    results = Axe().run(page)
    assert not results.violations_count, results.generate_report()


def check(axe, page, name, problems):
    results = axe.run(page)
    if results.violations_count:
        problems[name] = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
            for v in results.response["violations"]
        ]
