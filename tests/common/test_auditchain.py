"""The audit chain's text: whatever a client sent, an entry can be hashed and stored."""

from __future__ import annotations

import json

from common.auditchain import detail_text, masked_text


def test_a_lone_surrogate_or_control_character_is_written_out_not_stored() -> None:
    detail = detail_text({"body": {"note": "已\ud800回访", "k\udfff": "110101199003074514"}})
    assert detail.encode("utf-8")  # storable and hashable as UTF-8
    body = json.loads(detail)["body"]
    assert body["note"] == "已\\ud800回访" and body["k\\udfff"] == "110101********4514"
    assert masked_text("a\x00b\ud800") == "a\\u0000b\\ud800"
