"""What a kiosk shows before a rating: the reasons in English next to the Chinese, and the ticket a signed code
names with its category, window and staff member (GET /api/v1/ratings/ticket/{code})."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from common.settings.models import RatingsSection
from hall.server import Hall
from hall.tokens import Role
from tests.hall.test_ratings import auth


@pytest.fixture
def client(hall: Hall) -> Iterator[TestClient]:
    with TestClient(hall.app) as test_client:
        yield test_client


def test_every_reason_offered_to_citizens_has_its_english_beside_it(client: TestClient, hall: Hall) -> None:
    answer = client.get("/api/v1/ratings/reasons", headers=auth(hall, Role.KIOSK)).json()

    assert [choice["text"] for choice in answer["choices"]] == answer["for_citizens"]
    english = {choice["text"]: choice["text_en"] for choice in answer["choices"]}
    assert english["办理时间过长"] == "It took too long"
    assert all(text_en and text_en.isascii() for text_en in english.values())


def test_a_reason_is_its_chinese_or_a_table_with_its_english() -> None:
    section = RatingsSection.model_validate(
        {"bad_rating_reasons": [{"text": "排队太久", "text_en": "The queue was too long"}, "其他", "自定义原因"]}
    )

    assert section.bad_rating_reasons == ["排队太久", "其他", "自定义原因"]  # what ratings record and check
    assert section.reason_en("排队太久") == "The queue was too long"
    assert section.reason_en("其他") == "Something else"  # a default reason keeps its default English
    assert section.reason_en("自定义原因") == ""  # none given: the kiosk shows the Chinese
    with pytest.raises(ValueError, match="unlisted"):
        RatingsSection.model_validate({"bad_rating_reasons": ["其他"], "bad_rating_reasons_en": {"别的": "x"}})


def signed_code(hall: Hall, window: int | None) -> str:
    """A ticket of category A, called to ``window`` (None: still waiting); its QR code's signed code."""
    ticket = hall.queue.take_number("A", "kiosk").ticket
    if window is not None:
        called = hall.queue.call_next(window)
        assert called is not None and called.id == ticket.id
    return str(hall.app.state.hall.codes.ticket_code(ticket.id))


def test_the_rated_ticket_names_its_number_category_window_and_staff(client: TestClient, hall: Hall) -> None:
    code = signed_code(hall, 2)
    kiosk = auth(hall, Role.KIOSK)

    subject = client.get(f"/api/v1/ratings/ticket/{code}", headers=kiosk).json()

    assert subject == {
        "number": "A001", "category": "A", "category_name_zh": "社保医保",
        "category_name_en": "Social and medical insurance", "window": 2, "window_name": "2号窗口",
        "window_name_en": "Window 2", "staff": "1002", "served": True, "rated": False,
    }  # fmt: skip
    rating = {"ticket_code": code, "level": 5, "channel": "kiosk"}
    assert client.post("/api/v1/ratings", json=rating, headers=kiosk).status_code == 201
    assert client.get(f"/api/v1/ratings/ticket/{code}", headers=kiosk).json()["rated"] is True


def test_a_waiting_ticket_is_not_served_and_a_forged_code_names_nothing(client: TestClient, hall: Hall) -> None:
    kiosk = auth(hall, Role.KIOSK)
    waiting = client.get(f"/api/v1/ratings/ticket/{signed_code(hall, None)}", headers=kiosk).json()
    assert (waiting["served"], waiting["window"], waiting["staff"]) == (False, None, "")

    forged = signed_code(hall, None)[:-4] + "AAAA"
    answer = client.get(f"/api/v1/ratings/ticket/{forged}", headers=kiosk)
    assert answer.status_code == 404 and answer.json()["error"] == "unknown_ticket"
    assert client.get(f"/api/v1/ratings/ticket/{forged}").status_code == 401


def test_the_phone_rating_page_in_english_shows_the_configured_english(client: TestClient, hall: Hall) -> None:
    english = client.get(f"/r/{signed_code(hall, 2)}", params={"lang": "en"}).text
    assert "The staff were unfriendly" in english and "I was not told everything needed at once" in english
    assert "<span>Example City Government Service Centre</span>" in english  # the hall's name_en
    assert 'value="工作人员态度不好"' in english  # the form still sends the Chinese the rating records
