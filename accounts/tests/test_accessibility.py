"""An automated WCAG 2.1 AA check of the main pages with axe-core (vendored in tests/vendor, MPL-2.0).

It cannot find everything (keyboard paths, sensible reading order, plain language still need a
person), but it catches missing labels, low contrast, duplicate ids, broken landmarks and nameless
links. Serious and critical findings fail the test."""

from pathlib import Path

import pytest

from factories import ParticipantFactory, VolunteerFactory
from matches.tests.factories import active_match

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      target: v.nodes.length ? v.nodes[0].target.join(" ") : "", count: v.nodes.length,
  })))"""


def audit(page, name: str) -> list[str]:
    """Run axe on the page as it is now; the serious/critical findings as readable lines."""
    # Playwright's add_script_tag inserts a <script> element, which our strict CSP (no inline
    # scripts) blocks; page.evaluate runs the source through the DevTools protocol, outside the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, TAGS)
    return [
        f"{name}: {v['id']} ({v['impact']}, {v['count']}x) – {v['help']} – first: {v['target']}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def audit_page(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    return audit(page, path)


def audit_errors(page, path: str, button: str) -> list[str]:
    """The form sent empty: the error summary and the messages at the fields."""
    page.goto(path)
    page.get_by_role("button", name=button).click()
    page.locator(".error-summary").wait_for()
    return audit(page, f"{path} (with errors)")


def test_main_pages_have_no_serious_or_critical_accessibility_violations(page, login, personas, hovedstaden):
    consultant = personas["consultant_h"]
    social_worker = personas["social_worker_h"]
    waiting = ParticipantFactory(region=hovedstaden, waiting=True, referred_by=social_worker)
    volunteer = VolunteerFactory(region=hovedstaden, approved=True)
    match = active_match(by=consultant, region=hovedstaden, referred_by=social_worker)
    assert match.followup_plan and match.followups.exists()

    found = []
    for path in ["/login/", "/volunteers/apply/"]:
        found += audit_page(page, path)
    found += audit_errors(page, "/volunteers/apply/", "Send ansøgning")

    login(social_worker.username)
    found += audit_page(page, "/referrals/new/")
    found += audit_errors(page, "/referrals/new/", "Send henvisning")

    page.context.clear_cookies()
    login(consultant.username)
    for path in [
        "/",
        f"/referrals/{waiting.pk}/",
        "/referrals/waiting/",
        "/volunteers/",
        f"/volunteers/{volunteer.pk}/",
        f"/matching/participant/{waiting.pk}/",
        f"/matches/{match.pk}/",
        "/followups/today/",
        "/two-factor/",
    ]:
        found += audit_page(page, path)

    page.context.clear_cookies()
    login(personas["leader"].username)
    for path in ["/reports/", "/audit/"]:
        found += audit_page(page, path)

    assert not found, "Accessibility violations (WCAG 2.1 AA):\n" + "\n".join(found)
