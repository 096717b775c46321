"""Guide browsing and search, as the service-guide screen uses them."""

from __future__ import annotations

from kiosk.station.ports import Guide, GuideItem, Material


def _item(
    code: str, name: str, initials: str, department: str, events: tuple[str, ...], keywords: tuple[str, ...]
) -> GuideItem:
    return GuideItem(
        code=code,
        name=name,
        department=department,
        life_events=events,
        summary="",
        legal_basis=("《某法》第一条",),
        conditions=("本人",),
        materials=(Material("居民身份证", "原件", 1, ""),),
        time_limit="即办",
        fee="不收费",
        place="一楼",
        hours="9:00-17:00",
        contact="0571-12345",
        online_url="",
        fileable=False,
        pinyin_initials=initials,
        keywords=keywords,
    )


GUIDE = Guide(
    version="v1",
    items=(
        _item("1", "居民身份证换领（有效期满）", "jmsfzhlyxqm", "公安局", ("证照办理",), ("换证",)),
        _item("2", "社会保障卡补领", "shbzkbl", "人社局", ("证照办理",), ("社保卡",)),
        _item("3", "出生登记", "csdj", "公安局", ("出生",), ()),
    ),
)


def test_search_by_pinyin_initials_is_case_insensitive() -> None:
    assert [item.code for item in GUIDE.search("SFZ")] == ["1"]
    assert [item.code for item in GUIDE.search("bl")] == ["2"]


def test_search_by_chinese_keyword_name_or_department() -> None:
    assert [item.code for item in GUIDE.search("身份证")] == ["1"]
    assert [item.code for item in GUIDE.search("社保卡")] == ["2"]
    assert [item.code for item in GUIDE.search("公安")] == ["1", "3"]
    assert GUIDE.search("  ") == []
    assert GUIDE.search("不存在") == []


def test_departments_and_life_events_keep_catalog_order() -> None:
    assert GUIDE.departments() == ["公安局", "人社局"]
    assert GUIDE.life_events() == ["证照办理", "出生"]
    assert [item.code for item in GUIDE.by_life_event("出生")] == ["3"]
    assert GUIDE.get("2") is not None and GUIDE.get("9") is None
    assert Material("x", "原件及复印件", 1, "").originals and Material("x", "原件及复印件", 1, "").copies
