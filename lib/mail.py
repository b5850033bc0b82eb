"""E-mails from templates: `<app>/email/<name>_subject.txt`, `<name>.txt` and `<name>.html`.

The text template is written once and is the html body too (escaped, paragraphs kept). Subjects
never carry personal data. E-mails are written in the program's language (Danish)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

# Plain text is not HTML: the text template is rendered without escaping (an "&" stays an "&").
_PLAIN = "{%% autoescape off %%}{%% include '%s' %%}{%% endautoescape %%}"


def _plain(template_name: str, context: dict) -> str:
    return engines["django"].from_string(_PLAIN % template_name).render(context)


def send_email(template: str, context: dict, *, to=(), bcc=(), attachments=(), fail_silently=True) -> int:
    """Render `template` ("matches/email/invitation") in the program's language and send it; Bcc
    for several recipients, who must not see each other's addresses. `attachments` are
    (filename, content, mimetype) triples. Returns the number of messages sent (0 or 1)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(_plain(f"{template}_subject.txt", context).split())
        text = _plain(f"{template}.txt", context).strip()
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, list(to), bcc=list(bcc))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=fail_silently)
