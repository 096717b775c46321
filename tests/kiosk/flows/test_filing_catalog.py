"""Every fileable item of the shipped catalog can be filed through the wizard, and what the wizard saves is a
body the hall's filing contract (FilingIn) accepts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from common.formcheck import check_field
from common.hallapi.filings import FilingIn
from common.hallapi.forms import FieldProblem, FormField
from common.settings.paths import shipped_config_dir
from hall.catalog import load_catalog
from kiosk.flows.filing_steps import FilingStep as Step
from kiosk.flows.machine import Kiosk
from kiosk.station.filing_items import filing_items
from kiosk.station.filing_ports import FilingItem, FormValue
from tests.kiosk.flows.conftest import CARD, run
from tests.kiosk.flows.filing_fakes import FakeFiling, open_filing

ITEMS = filing_items(load_catalog(shipped_config_dir() / "catalog").items)
CANDIDATES: dict[str, tuple[FormValue, ...]] = {
    "text": ("示例市示范区新街2号", "张小明", "A123456789", "6222020200112233445"),
    "number": ("1", "2019", "0"),
    "date": ("2020-01-01",),
    "phone": ("13800138000",),
    "id_number": (CARD.id_number,),
    "bool": (True,),
}


def answer(spec: FormField) -> FormValue:
    """A value a citizen might type that the field takes."""
    for value in spec.choices[:1] if spec.choices else CANDIDATES[spec.type]:
        try:
            check_field(spec, value)
        except FieldProblem:
            continue
        return value
    raise AssertionError(f"no sample value for {spec.name}")


def test_the_shipped_catalog_has_fileable_items() -> None:
    assert len(ITEMS) >= 10 and all(item.form for item in ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[item.code for item in ITEMS])
def test_each_fileable_item_can_be_filed(item: FilingItem, filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    filing.items_value = [item]
    flow = open_filing(filing_kiosk)
    flow.choose_item(item.code)
    flow.begin()
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    while flow.step is Step.FORM:
        spec = flow.current_field
        assert spec is not None
        if spec.name not in filing_kiosk.session.filing.values:  # type: ignore[union-attr]
            assert flow.enter(answer(spec)) is None
        flow.next_field()
        assert flow.message is None, (spec.name, flow.message)
    for material in item.guide.materials:
        flow.bring(material.name)
    flow.materials_done()
    flow.choose_delivery("hall")
    flow.delivery_done()
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    assert flow.step is Step.DONE, flow.message
    [draft] = filing.saved
    body = {
        "id": str(uuid.uuid4()), "number": "K01-20261205-0001", "item_code": draft.item_code,
        "kiosk_id": "kiosk-01", "created_at": datetime.now(UTC).isoformat(),
        "applicant": {"name": draft.applicant_name, "id_number": draft.id_number, "phone": draft.phone},
        "form": draft.form, "materials_to_bring": list(draft.materials_to_bring),
        "delivery": {"method": draft.delivery.method, "address": draft.delivery.address},
    }  # fmt: skip
    assert FilingIn.model_validate(body).form == draft.form
