import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_every_role_logs_in_through_chromium_and_reaches_its_home(page, login, personas):
    expected = {
        "leader": "Projektleder",
        "consultant_h": "Projektkonsulent",
        "student": "Studentermedhjælper",
        "social_worker_h": "Socialrådgiver",
        "evaluator": "Evaluator",
    }
    for persona, role_label in expected.items():
        login(personas[persona].username)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Godt at se dig")
        expect(page.locator(".lead")).to_contain_text(role_label)
        page.get_by_role("button", name="Log ud").click()
        expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
