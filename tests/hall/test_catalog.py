"""The service catalog: the shipped seed data is complete and printable, broken files say what is wrong, the API
serves it with an ETag to any role, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from common.errors import ConfigError
from common.formcheck import FormErrors, FormField, validate_submission
from common.hallapi.catalog import ServiceItem, to_service_guide
from devices.printer import PaperSpec, TextLine
from hall.catalog import Catalog, load_catalog
from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from kiosk.printing.templates import service_guide
from tests.support.hall import MONDAY_10AM
from tests.support.paths import SHIPPED_CONFIG

CATALOG = SHIPPED_CONFIG / "catalog"
ID_NUMBER = "11010119900307109X"
# A value matching each text pattern used in the seed data; a new pattern needs a sample here.
PATTERN_SAMPLES = {
    "[\u4e00-\u9fa5·]{2,20}": "王小明",
    "[A-Z][0-9]{9}": "R330123456",
    "[0-9]{12,19}": "6222021234567890123",
}
GOOD = {"number": None, "date": "2026-05-20", "phone": "13800138000", "id_number": ID_NUMBER, "bool": True}
BAD = {"text": 12345, "number": "many", "date": "2026-02-30", "phone": "12345", "id_number": ID_NUMBER[:17] + "1",
       "choice": "不存在的选项", "bool": "yes"}  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> Catalog:
    return load_catalog(CATALOG)


def good_value(spec: FormField) -> object:
    if spec.type == "text":
        return PATTERN_SAMPLES[spec.pattern] if spec.pattern else "示例"[: spec.max_length or 2]
    if spec.type == "choice":
        return (spec.choices or [""])[-1]
    if spec.type == "number":
        return spec.min if spec.min is not None else 1
    return GOOD[spec.type]


def test_the_seed_catalog_has_enough_items_from_every_department(seed: Catalog) -> None:
    assert len(seed.items) >= 15
    assert len([item for item in seed.items if item.fileable]) >= 6
    codes = [item.code for item in seed.items]
    assert len(set(codes)) == len(codes)
    departments = {item.department for item in seed.items}
    for kind in ("公安", "人力资源和社会保障", "住房公积金", "市场监督", "自然资源", "税务", "民政"):
        assert any(kind in department for department in departments), kind


def test_every_item_fills_every_guide_field(seed: Catalog) -> None:
    for item in seed.items:
        assert item.name and item.department and item.initials, item.code
        for entries in (item.legal_basis, item.conditions, item.procedure):
            assert entries and all(entry.strip() for entry in entries), item.code
        assert all(m.name and m.form and m.count >= 1 for m in item.materials), item.code
        assert item.where.place and item.where.hours, item.code
        assert item.consultation_phone and item.complaint_phone, item.code
        assert 0 <= item.promised_days <= item.statutory_days and 0 <= item.max_visits <= 3, item.code
        assert all(fee.name and fee.amount and fee.basis for fee in item.fees), item.code
        assert item.life_events and item.fileable == bool(item.form), item.code


def test_every_fileable_form_takes_a_good_submission_and_rejects_bad_values(seed: Catalog) -> None:
    for item in (item for item in seed.items if item.fileable):
        good = {spec.name: good_value(spec) for spec in item.form}
        assert set(validate_submission(item.form, good)) == set(good), item.code
        for spec in item.form:
            with pytest.raises(FormErrors) as caught:
                validate_submission(item.form, {**good, spec.name: BAD[spec.type]})
            assert list(caught.value.errors) == [spec.name], (item.code, spec.name)
        required = next(spec.name for spec in item.form if spec.required)
        with pytest.raises(FormErrors, match="required"):
            validate_submission(item.form, {k: v for k, v in good.items() if k != required})
        with pytest.raises(FormErrors, match="not a field of this form"):
            validate_submission(item.form, {**good, "extra": "x"})


def test_every_item_prints_as_a_service_guide_on_both_paper_widths(seed: Catalog) -> None:
    for item in seed.items:
        guide = to_service_guide(item)
        assert (guide.item_code, guide.kiosk_available) == (item.code, item.fileable)
        for paper in (PaperSpec(), PaperSpec(dots_per_line=384, width_mm=58)):
            text = "\n".join(b.text for b in service_guide(guide, paper).blocks if isinstance(b, TextLine))
            assert item.name in text and item.materials[-1].name in text and "一次性告知" in text
            assert ("不收费" in text) == (not item.fees), item.code


def test_a_fee_list_prints_every_fee_and_its_basis_once(seed: Catalog) -> None:
    transfer = next(item for item in seed.items if len(item.fees) == 2 and item.fees[0].basis == item.fees[1].basis)
    guide = to_service_guide(transfer)
    first, second = transfer.fees
    assert guide.fee == f"{first.name} {first.amount}；{second.name} {second.amount}"
    assert guide.fee_basis == transfer.fees[0].basis


def test_the_version_is_a_hash_of_the_content(seed: Catalog, tmp_path: Path) -> None:
    shutil.copytree(CATALOG, tmp_path / "catalog")
    assert load_catalog(tmp_path / "catalog").version == seed.version
    tax = tmp_path / "catalog" / "06-tax.toml"
    tax.write_text(tax.read_text().replace('complaint_phone = "0571-12366"', 'complaint_phone = "0571-12345"', 1))
    changed = load_catalog(tmp_path / "catalog")
    assert changed.version != seed.version and len(changed.version) == 16


def test_the_documented_example_item_loads(tmp_path: Path) -> None:
    docs = (SHIPPED_CONFIG.parent / "docs" / "catalog.md").read_text()
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.toml").write_text(example)
    (item,) = load_catalog(tmp_path).items
    assert item.fileable and [spec.type for spec in item.form] == ["text", "id_number", "number", "choice"]


def broken(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    shutil.copytree(CATALOG, tmp_path / "catalog", dirs_exist_ok=True)
    path = tmp_path / "catalog" / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path / "catalog")
    lines = caught.value.lines()
    assert all("\n" not in line and line.startswith(str(path)) for line in lines), lines
    return lines


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("legal_basis = [", "legal_bases = [",
         ["items[0].legal_bases: 未知的键 / unknown key", "did you mean 'legal_basis'",
          "items[0].legal_basis: 缺少必填项"]),
        ("statutory_days = 60", 'statutory_days = "60"', ["items[0].statutory_days: 类型错误 / wrong type"]),
        ("promised_days = 15", "promised_days = 90", ["items[0]: 承诺时限不能长于法定时限 / promised_days (90)"]),
        ('form = "原件", notes = "领取', 'form = "扫描件", notes = "领取', ["items[0].materials[0].form: 取值不允许"]),
        ("max_visits = 1", "max_visits = 4", ["items[0].max_visits: 超出范围 / out of range"]),
        ('consultation_phone = "0571-88881101"', 'consultation_phone = "88881101"', ["not a phone number: '88881101'"]),
        ('initials = "jmsfzhlyxqm"', 'initials = "jmsfz"', ["initials 'jmsfz' must have one letter per Chinese"]),
        ('life_events = ["证照办理"]', 'life_events = ["上学"]', ["items[0].life_events[0]: 取值不允许"]),
        ('fileable = false', 'fileable = true', ["items[0]: 可自助申报的事项必须有表单"]),
        ('choices = ["父亲", "母亲", "其他监护人"]', "choices = []", ["items[2].form[2].choices: 超出范围"]),
        ('type = "choice", choices = ["男", "女"]', 'type = "choice"', ["items[2].form[4]", "needs choices"]),
        ('type = "date" }', 'type = "date", pattern = "x" }', ["items[2].form[5]", "cannot have pattern"]),
        ("[[items]]\ncode", "[[items]\ncode", ["TOML 语法错误 / TOML syntax error"]),
    ],
)  # fmt: skip
def test_a_broken_catalog_file_gives_one_line_per_problem_naming_the_key(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    lines = broken(tmp_path, "01-public-security.toml", old, new)
    assert len(lines) == (2 if old == "legal_basis = [" else 1), lines  # a renamed key is unknown, and missing
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)


def test_a_code_used_twice_names_both_places(tmp_path: Path) -> None:
    (line,) = broken(tmp_path, "02-social-insurance.toml", "339900-002-GG-00101-002", "339900-001-QR-00201-001")
    assert line.endswith("items[0].code: 实施编码重复 / item code 339900-001-QR-00201-001 is also in "
                         "01-public-security.toml items[2]")  # fmt: skip


def test_a_missing_or_empty_catalog_directory_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="catalog directory not found"):
        load_catalog(tmp_path / "nowhere")
    with pytest.raises(ConfigError, match=r"no \.toml files"):
        load_catalog(tmp_path)


# The API, on both database backends.


def auth(hall: Hall, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, role.value, role)}"}


def test_every_role_but_the_display_gets_the_whole_catalog_with_its_version_as_etag(hall: Hall, seed: Catalog) -> None:
    with TestClient(hall.app) as client:
        assert client.get("/api/v1/catalog").json()["error"] == "unauthorized"
        assert client.get("/api/v1/catalog", headers=auth(hall, Role.DISPLAY)).json()["error"] == "forbidden"
        for role in set(Role) - {Role.DISPLAY}:
            reply = client.get("/api/v1/catalog", headers=auth(hall, role))
            assert reply.status_code == 200, role
            body = reply.json()
            assert reply.headers["etag"] == f'"{body["version"]}"' and body["version"] == seed.version
            items = [ServiceItem.model_validate(item) for item in body["items"]]
            assert items == list(seed.items)  # a kiosk can keep the JSON and read it back with the same model
            assert all("fileable" in item and "form" in item and "materials" in item for item in body["items"])


def test_a_kiosk_holding_the_current_version_gets_304(hall: Hall, seed: Catalog) -> None:
    with TestClient(hall.app) as client:
        kiosk = auth(hall, Role.KIOSK)
        for held in (f'"{seed.version}"', f'W/"{seed.version}"', seed.version, f'"old", "{seed.version}"', "*"):
            reply = client.get("/api/v1/catalog", headers={**kiosk, "If-None-Match": held})
            assert (reply.status_code, reply.content) == (304, b""), held
            assert reply.headers["etag"] == f'"{seed.version}"'
        stale = client.get("/api/v1/catalog", headers={**kiosk, "If-None-Match": '"0123456789abcdef"'})
        assert stale.status_code == 200 and stale.json()["version"] == seed.version


def test_one_item_by_code_or_a_json_404(hall: Hall, seed: Catalog) -> None:
    with TestClient(hall.app) as client:
        display = auth(hall, Role.STAFF)
        item = seed.items[2]
        reply = client.get(f"/api/v1/catalog/{item.code}", headers=display)
        assert reply.status_code == 200 and ServiceItem.model_validate(reply.json()) == item
        missing = client.get("/api/v1/catalog/339900-999-XK-00000-000", headers=display)
        assert missing.status_code == 404 and missing.json() == {
            "error": "not_found",
            "message": "没有这个事项 / no service item with code 339900-999-XK-00000-000",
        }
        assert client.get("/api/v1/catalog/not a code", headers=display).json()["error"] == "invalid_request"
        assert client.get(f"/api/v1/catalog/{item.code}").status_code == 401


def test_the_hall_serves_the_catalog_dir_from_its_config_and_refuses_a_broken_one(tmp_path: Path) -> None:
    shutil.copytree(CATALOG, tmp_path / "catalog")
    (tmp_path / "catalog" / "02-social-insurance.toml").unlink()
    config = tmp_path / "hall.toml"
    text = (SHIPPED_CONFIG / "hall.toml").read_text()
    config.write_text(text.replace("[catalog]\n", f"[catalog]\ndir = '{tmp_path / 'catalog'}'\n", 1))
    hall = build_hall(config, f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
    try:
        with TestClient(hall.app) as client:
            items = client.get("/api/v1/catalog", headers=auth(hall, Role.KIOSK)).json()["items"]
        assert not any(item["code"].startswith("339900-002-") for item in items) and items
    finally:
        hall.close()
    (tmp_path / "catalog" / "06-tax.toml").write_text("[[items]]\ncode = 1\n")
    with pytest.raises(ConfigError, match=r"06-tax\.toml: items"):
        build_hall(config, f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
