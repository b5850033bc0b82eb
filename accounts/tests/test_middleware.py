from django.contrib.messages import get_messages
from django.test import RequestFactory

from lib.lifecycle import InvalidTransition
from lib.middleware import OperationRefusedMiddleware


def _request(referer):
    request = RequestFactory().post("/matches/1/end/", HTTP_REFERER=referer, HTTP_HOST="testserver")
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    return request


def test_refused_transition_becomes_a_message_and_a_redirect_back():
    request = _request("http://testserver/matches/1/")
    response = OperationRefusedMiddleware(lambda r: None).process_exception(request, InvalidTransition("Ændret imens"))
    assert response.status_code == 302 and response["Location"] == "http://testserver/matches/1/"
    assert [str(m) for m in get_messages(request)] == ["Ændret imens"]


def test_never_redirects_to_another_site():
    request = _request("https://evil.example/")
    response = OperationRefusedMiddleware(lambda r: None).process_exception(request, InvalidTransition("x"))
    assert response["Location"] == "/matches/1/end/"


def test_other_errors_pass_through():
    assert OperationRefusedMiddleware(lambda r: None).process_exception(_request(""), ValueError()) is None
