from django.core import mail

from lib.mail import send_email


def test_an_email_is_rendered_from_its_templates_in_danish_with_an_html_part(settings):
    settings.LANGUAGE_CODE = "da"
    sent = send_email(
        "matches/email/invitation",
        {"when": "2. marts", "where": "Café A & B", "reference": "M-1", "consultant": "Ritt", "contact": "r@x.dk"},
        bcc=["a@x.dk", "b@x.dk"],
        attachments=[("matchmoede.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert sent == 1
    message = mail.outbox[0]
    assert message.to == [] and message.bcc == ["a@x.dk", "b@x.dk"]
    assert message.subject == "Invitation til matchmøde M-1"
    assert "Café A & B" in message.body and not message.body.endswith("\n")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Café A &amp; B" in html and "<br>" in html
    assert message.attachments[0][0] == "matchmoede.ics"
