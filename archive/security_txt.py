"""/.well-known/security.txt (RFC 9116): where to report a vulnerability in the site.

The contact is the `SECURITY_CONTACT` setting (a mailto: or https: address); its
placeholder fails `check --deploy` (archive.W002) until it is set. The required Expires
field is `SECURITY_TXT_DAYS` after the current day (UTC midnight, so one day's answers
are identical and cacheable): the file stays valid while the site runs with a contact
someone maintains, and a reader is told to look again within that time.
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core import checks
from django.views.generic import TemplateView

from .cache import reads_query
from .links import link_problem

PLACEHOLDER_CONTACT = "mailto:security@example.org"


def expires(now=None):
    now = now or datetime.now(UTC)
    day = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    return day + timedelta(days=settings.SECURITY_TXT_DAYS)


@reads_query()
class SecurityTxtView(TemplateView):
    template_name = "security.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact=settings.SECURITY_CONTACT,
            expires=expires().strftime("%Y-%m-%dT%H:%M:%SZ"),
            canonical=self.request.build_absolute_uri(self.request.path),
            **kwargs,
        )


@checks.register(checks.Tags.security)
def check_security_contact(app_configs, **kwargs):
    contact = settings.SECURITY_CONTACT
    problem = link_problem(contact)
    if problem:
        return [
            checks.Error(
                f"SECURITY_CONTACT ({contact!r}) is not an address security.txt can give: "
                f"{problem}",
                hint="Use mailto:someone@example.org or an https:// page.",
                id="archive.E001",
            )
        ]
    if not 1 <= settings.SECURITY_TXT_DAYS <= 365:
        return [
            checks.Error(
                "SECURITY_TXT_DAYS must be between 1 and 365 (RFC 9116 advises under a year).",
                id="archive.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_security_contact_is_set(app_configs, **kwargs):
    if settings.SECURITY_CONTACT == PLACEHOLDER_CONTACT:
        return [
            checks.Warning(
                "security.txt names the placeholder contact security@example.org.",
                hint="Set SECURITY_CONTACT to where vulnerability reports should go.",
                id="archive.W002",
            )
        ]
    return []
