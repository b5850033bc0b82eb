"""Layout in Chromium. Every role's main pages at phone size (390×844, an iPhone 12-15), with
several rows in every list: nothing scrolls sideways (neither the page nor a box in it), no button, link or field
lies outside the screen, the navigation is a menu, and table rows are labelled cards. Printed,
the today page and the match page have no navigation, buttons or forms, and real tables."""

from datetime import date

import pytest
from playwright.sync_api import expect

from events.models import Event, SignUp
from factories import ParticipantFactory, VolunteerFactory
from matches.tests.factories import active_match, proposed_match

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Where the page is wider than the screen, which controls (buttons, links, fields) stick out of it,
# and which boxes inside the page scroll sideways (a table in a scrolling wrapper hides its actions).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const controls = "main a, main button, main .button, main input:not([type=hidden]), main select, main textarea";
  const outside = Array.from(document.querySelectorAll(controls))
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 1 && (box.left < -1 || box.right > width + 1);
    })
    .map((el) => (el.textContent || el.value || el.name || el.tagName).trim().slice(0, 40));
  const scrolling = Array.from(document.querySelectorAll("main *"))
    .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
  return {scroll: document.documentElement.scrollWidth, width, outside, scrolling};
}"""


def realistic_data(*, hovedstaden, consultant, social_worker):
    """Several rows in each list, with long Danish and Arabic names, places and e-mail addresses."""
    long_names = [
        ("Abdulrahman Mohammed", "Al-Khateeb Hosseinzadeh"),
        ("Zahra", "Karimi-Rahimi"),
        ("Omar", "Saleh"),
        ("Shirin Fatemeh", "Mohammadi Nasab"),
    ]
    waiting = [
        ParticipantFactory(
            region=hovedstaden,
            waiting=True,
            referred_by=social_worker,
            treatment_centre=social_worker.treatment_centre,
            first_name=first,
            last_name=last,
            wishes_other="Gerne en kvinde, der kan lide gåture og at lave mad sammen om weekenden.",
            priority=index == 0,
            needs_interpreter=index == 1,
        )
        for index, (first, last) in enumerate(long_names)
    ]
    for first, last in long_names[:3]:
        ParticipantFactory(
            region=hovedstaden,
            referred_by=social_worker,
            treatment_centre=social_worker.treatment_centre,
            first_name=first,
            last_name=last,
        )
    applicants = []
    for index in range(4):
        VolunteerFactory(
            region=hovedstaden,
            approved=True,
            first_name="Marie-Louise",
            last_name=f"Vestergaard-Kristensen {index}",
            email=f"marie.louise.vestergaard.kristensen{index}@eksempel-forening.dk",
        )
        applicants.append(
            VolunteerFactory(
                region=hovedstaden, applied_on=date(2024, 2, index + 1), last_name=f"Holm-Andersen {index}"
            )
        )
    matches = [
        active_match(by=consultant, region=hovedstaden, referred_by=social_worker, start=date(2024, 3, day))
        for day in (4, 5, 6)
    ]
    proposed_match(by=consultant, region=hovedstaden, referred_by=social_worker)
    event = Event.objects.create(
        kind="exchange",
        title="Erfaringsudvekslingsmøde for netværkspersoner i Region Hovedstaden",
        held_on=date.today(),
        region=hovedstaden,
        place="Foreningens lokaler, Borgergade 10, 1300 København K",
        capacity=2,
    )
    SignUp.objects.bulk_create(
        SignUp(event=event, volunteer=match.volunteer, waiting_position=None if i < 2 else 1)
        for i, match in enumerate(matches)
    )
    return {
        "waiting": waiting[0],
        "volunteer": matches[0].volunteer,
        "applicant": applicants[0],
        "match": matches[0],
        "event": event,
    }


def check_menu(page, failures: list[str]) -> None:
    """The navigation is folded into a menu; opened, its links fit the screen."""
    menu = page.locator("details.site-menu")
    expect(menu.locator("summary")).to_be_visible()
    expect(page.locator("nav.site-nav")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    if header["height"] > 80:
        failures.append(f"header is {header['height']:.0f}px tall on a phone")
    menu.locator("summary").click()
    first_link = menu.locator(".nav a").first
    expect(first_link).to_be_visible()
    box = first_link.bounding_box()
    if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
        failures.append("a menu link lies outside the screen")
    measured = page.evaluate(MEASURE)
    if measured["scroll"] > measured["width"]:
        failures.append(f"the open menu makes the page {measured['scroll']}px wide")
    menu.locator("summary").click()


def check_pages(page, role: str, paths: list[str], failures: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{role} {path} answered {response and response.status}"
        page.wait_for_load_state("networkidle")  # the panels a page loads after it (htmx) measured too
        measured = page.evaluate(MEASURE)
        if measured["scroll"] > measured["width"]:
            failures.append(f"{role} {path}: page is {measured['scroll']}px wide on a {measured['width']}px screen")
        if measured["outside"]:
            failures.append(f"{role} {path}: controls outside the screen: {measured['outside']}")
        if measured["scrolling"]:
            failures.append(f"{role} {path}: scrolls sideways inside: {measured['scrolling']}")


def test_every_roles_main_pages_fit_a_phone(page, login, personas, hovedstaden):
    consultant, social_worker = personas["consultant_h"], personas["social_worker_h"]
    data = realistic_data(hovedstaden=hovedstaden, consultant=consultant, social_worker=social_worker)
    waiting, volunteer, match = data["waiting"].pk, data["volunteer"].pk, data["match"].pk
    applicant = data["applicant"].pk
    event = data["event"].pk
    casework = [
        "/",
        "/followups/today/",
        "/referrals/",
        "/referrals/new/",
        f"/referrals/{waiting}/",
        "/referrals/waiting/",
        "/volunteers/",
        "/volunteers/all/",
        f"/volunteers/{volunteer}/",
        "/matching/",
        f"/matching/participant/{waiting}/",
        "/planning/",
        "/planning/needs/",
        "/matches/",
        f"/matches/{match}/",
        "/events/",
        f"/events/{event}/",
        f"/events/{event}/attendance/",
        f"/events/{event}/invite/?regions={hovedstaden.pk}&active=on&waiting=on",
        "/reports/",
        "/notifications/",
        "/support/places/",
        f"/support/volunteer/{volunteer}/supervision/",
        "/expenses/",
    ]
    # The volunteers' portal pages are checked at 390×844 by portal/tests/test_browser.py (their
    # login is by e-mailed link, not this password login).
    pages = {
        "consultant_h": casework,
        "social_worker_h": ["/", "/referrals/", "/referrals/new/", f"/referrals/{waiting}/"],
        "student": ["/", "/volunteers/", "/volunteers/all/", f"/volunteers/{applicant}/", "/volunteers/campaigns/"],
        "evaluator": ["/", "/reports/"],
        "leader": [*casework, "/audit/"],  # last: the others' visits fill the audit log
    }
    page.set_viewport_size(PHONE)
    failures: list[str] = []
    for role, paths in pages.items():
        page.context.clear_cookies()
        login(personas[role].username)
        check_menu(page, failures)
        check_pages(page, role, paths, failures)
    assert not failures, "Not usable on a phone:\n" + "\n".join(failures)


def test_table_rows_become_labelled_cards_on_a_phone(page, login, personas, hovedstaden):
    consultant = personas["consultant_h"]
    realistic_data(hovedstaden=hovedstaden, consultant=consultant, social_worker=personas["social_worker_h"])
    page.set_viewport_size(PHONE)
    login(consultant.username)
    page.goto("/matches/")
    first_row = page.locator("table.table tbody tr").first
    status = first_row.locator("td").nth(3)
    expect(status).to_have_attribute("data-label", "Status")
    thead = page.locator("table.table thead")
    if thead.locator("button, a").count():
        # A sortable list keeps its sort controls on a phone: a wrapping row of buttons above the cards.
        expect(thead.locator("button, a").first).to_be_in_viewport()
    else:
        expect(thead).not_to_be_in_viewport()
    rows = page.locator("table.table tbody tr")
    assert rows.count() >= 4
    # Cards stack: the second row starts below the first, both as wide as the content.
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] and first["width"] <= PHONE["width"]


def test_today_and_match_pages_print_without_navigation_or_buttons(page, login, personas, hovedstaden):
    consultant = personas["consultant_h"]
    data = realistic_data(hovedstaden=hovedstaden, consultant=consultant, social_worker=personas["social_worker_h"])
    login(consultant.username)
    page.emulate_media(media="print")
    for path in ("/followups/today/", f"/matches/{data['match'].pk}/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        visible_controls = page.evaluate(
            """() => Array.from(document.querySelectorAll("button, .button, form, .print-hide"))
                 .filter((el) => el.getClientRects().length > 0).length"""
        )
        assert visible_controls == 0, f"{path} prints buttons or forms"
        table = page.locator("table.table").first
        expect(table).to_be_visible()
        assert table.evaluate("el => getComputedStyle(el).display") == "table"
        assert table.locator("thead").evaluate("el => getComputedStyle(el).position") != "absolute"
