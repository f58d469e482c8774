"""How replies with buttons become Cloud API messages: reply buttons, lists, overflow, cut titles."""

from __future__ import annotations

import pytest

from bot.channels.whatsapp import BODY_MAX, reply_messages


def buttons(count: int, title: str = "Option") -> list:
    return [{"title": f"{title} {n}", "payload": f"/choice_{n}"} for n in range(count)]


def kinds(messages: list) -> list:
    return [m["interactive"]["type"] if m["type"] == "interactive" else "text" for m in messages]


@pytest.mark.parametrize(
    "count, expected",
    [(0, ["text"]), (1, ["button"]), (3, ["button"]), (4, ["list"]), (10, ["list"]), (11, ["text", "list", "list"]),
     (13, ["text", "list", "list"]), (25, ["text", "list", "list", "list"])],
)
def test_the_number_of_buttons_picks_the_message_kind(count, expected):
    assert kinds(reply_messages("Pick one", buttons(count))) == expected


def test_a_list_has_our_text_a_symbol_label_and_one_untitled_section():
    [message] = reply_messages("Which language?", buttons(5))
    interactive = message["interactive"]
    assert interactive["body"] == {"text": "Which language?"}
    assert interactive["action"]["button"] == "☰"
    [section] = interactive["action"]["sections"]
    assert "title" not in section
    assert [row["id"] for row in section["rows"]] == [f"/choice_{n}" for n in range(5)]


def test_overflow_sends_the_text_first_then_numbered_lists_of_ten():
    text, *lists = reply_messages("Is it safe?", buttons(13))
    assert text == {"type": "text", "text": {"body": "Is it safe?", "preview_url": False}}
    assert [m["interactive"]["body"]["text"] for m in lists] == ["☰ 1/2", "☰ 2/2"]
    rows = [row["id"] for m in lists for row in m["interactive"]["action"]["sections"][0]["rows"]]
    assert rows == [f"/choice_{n}" for n in range(13)]


def test_a_text_too_long_for_a_body_goes_alone_first():
    long_text = "word " * (BODY_MAX // 4)
    messages = reply_messages(long_text, buttons(2))
    assert kinds(messages) == ["text", "list"] and messages[0]["text"]["body"] == long_text
    assert messages[1]["interactive"]["body"]["text"] == "☰"


def test_buttons_without_text_get_the_symbol_as_body():
    assert reply_messages("", buttons(2))[0]["interactive"]["body"]["text"] == "☰"


@pytest.mark.parametrize(
    "title, reply_title, row_title",
    [
        ("Won't call police or immigration", "Won't call police…", "Won't call police or…"),
        ("Staff who speak my language", "Staff who speak my…", "Staff who speak my…"),
        ("لا يتصلون بالشرطة أو بالهجرة", "لا يتصلون بالشرطة…", "لا يتصلون بالشرطة أو…"),
        ("Nhân viên nói ngôn ngữ của tôi", "Nhân viên nói ngôn…", "Nhân viên nói ngôn ngữ…"),
        ("Yes", "Yes", "Yes"),
    ],
)
def test_titles_are_cut_on_a_word_boundary_within_the_limits(title, reply_title, row_title):
    [reply] = reply_messages("x", [{"title": title, "payload": "/a"}])
    [listed] = reply_messages("x", [{"title": title, "payload": f"/a_{n}"} for n in range(4)])
    row = listed["interactive"]["action"]["sections"][0]["rows"][0]
    assert reply["interactive"]["action"]["buttons"][0]["reply"]["title"] == reply_title
    assert row["title"] == row_title and len(reply_title) <= 20 and len(row_title) <= 24
    assert row.get("description", title) == title  # a cut row shows its whole title below
    assert row_title.encode("utf-8").decode("utf-8") == row_title


def test_payloads_over_256_bytes_are_left_out(caplog):
    too_long = {"title": "Too long", "payload": "/a" + "b" * 300}
    [message] = reply_messages("Pick", [too_long, *buttons(1)])
    assert [b["reply"]["id"] for b in message["interactive"]["action"]["buttons"]] == ["/choice_0"]
    assert "1 button(s) not sent" in caplog.text and "bbb" not in caplog.text
    assert kinds(reply_messages("Pick", [too_long])) == ["text"]
