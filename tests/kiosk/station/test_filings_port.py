"""The filing port over a real hall: a filing saved here with a signed receipt, its progress from this kiosk's
store before it is synced and from the hall after, by receipt and by ID card, the result printed once, and the
refusals a citizen may meet, in words."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from PIL import Image

from common.hallapi.filings import FilingStatus
from devtools.ports import free_port
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.phone_upload import PhoneUploads
from kiosk.printing.receipt import FilingReceipt
from kiosk.printing.result import ResultSlip
from kiosk.station.devices import StationDevices
from kiosk.station.filing_ports import (
    COLLECTED_CODE,
    DraftMaterial,
    FilingDraft,
    ResultDelivery,
)
from kiosk.station.filings import KEY_FILE, StationFilings
from kiosk.station.hall import StationHall
from kiosk.station.ports import Refused, Unavailable
from kiosk.store import Store
from kiosk.store.filings import FilingStore
from kiosk.store.models import OutboxMessage
from tests.kiosk.printing.test_result_pages import result_pdf
from tests.support.filings import BIRTH_ITEM, ID_NUMBER
from tests.support.hall import SHANGHAI, served

pytestmark = pytest.mark.e2e

PAGE = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40  # a JPEG's first bytes are all the store checks


def draft(**changes: object) -> FilingDraft:
    values: dict[str, object] = {
        "item_code": BIRTH_ITEM,
        "item_name": "出生登记",
        "applicant_name": "张三",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "form": {
            "applicant_name": "张三",
            "applicant_id": ID_NUMBER,
            "relation": "父亲",
            "baby_name": "张小宝",
            "baby_sex": "男",
            "birth_date": "2026-11-01",
            "birth_certificate": "Q123456789",
            "phone": "13800138000",
        },
        "attachments": (DraftMaterial("出生医学证明", (PAGE, PAGE[:-1] + b"\x01")),),
        "materials_to_bring": ("入户地居民户口簿",),
        "delivery": ResultDelivery("kiosk"),
    }
    values.update(changes)
    return FilingDraft(**values)  # type: ignore[arg-type]


class Station:
    def __init__(self, port: StationFilings, filings: FilingStore, client: HallClient, staff: httpx.Client) -> None:
        self.port, self.filings, self.client, self.staff = port, filings, client, staff

    def sync(self) -> None:
        worker = sync_worker(self.filings.store, self.client, self.filings, "kiosk-01", retention=timedelta(days=1))
        worker.send_due(everything=True)

    def staff_does(self, filing_id: object, action: str, **body: object) -> None:
        answer = self.staff.post(f"/api/v1/filings/{filing_id}/{action}", json=body or None)
        assert answer.status_code == 200, answer.text


@pytest.fixture
def station(
    hall: Hall,
    make_kiosk: Callable[[str], StationHall],
    store: Store,
    devices: StationDevices,
    data_dir: Path,
) -> Iterator[Station]:
    with served(hall.app) as url:
        hall_port = make_kiosk(url)
        filings = FilingStore(store, data_dir, "K01", SHANGHAI)
        port = StationFilings(
            hall_port.client,
            filings,
            hall_port.service_items,
            devices,
            kiosk_id="kiosk-01",
            data_dir=data_dir,
            paper=devices.profile.paper,
            phone=PhoneUploads(hall_port.client, "kiosk-01"),
        )
        staff_token = create_token(hall.sessions, "staff-1", Role.STAFF)
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {staff_token}"}) as staff:
            yield Station(port, filings, hall_port.client, staff)


def receipt(saved_number: str, qr: str) -> FilingReceipt:
    return FilingReceipt(
        filing_number=saved_number,
        item_name="出生登记",
        item_code=BIRTH_ITEM,
        applicant_name_masked="张*",
        id_number_masked="110101********1233",
        filed_at=datetime.now(UTC),
        materials=("出生医学证明",),
        promised_days=5,
        hall_name="示例市政务服务中心",
        hall_phone="12345",
        qr_payload=qr,
    )


def slip(number: str) -> ResultSlip:
    return ResultSlip(
        filing_number=number,
        item_name="出生登记",
        status_text="已办结",
        result_summary="准予登记",
        collect_where="",
        collect_when="",
        qr_payload="https://hall.example/f/x",
        hall_name="示例市政务服务中心",
        hall_phone="12345",
        printed_once=True,
    )


def test_a_filing_is_saved_with_a_signed_receipt_and_followed_before_and_after_sync(
    station: Station, data_dir: Path, printer_sim: VirtualPrinter
) -> None:
    items = station.port.items()
    assert items and all(item.form for item in items)
    key_file = data_dir / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    saved = station.port.save(draft())
    assert saved.number.startswith("K01-") and "/f/" in saved.progress_qr
    printed, why = station.port.print_receipt(receipt(saved.number, saved.progress_qr))
    assert printed and why is None and printer_sim.receipts

    before = station.port.progress_by_receipt(saved.progress_qr)
    assert (before.number, before.synced, before.status) == (saved.number, False, FilingStatus.SUBMITTED)
    assert station.port.waiting() == 1  # the banner's count while the hall has not confirmed it

    station.sync()
    assert station.port.waiting() == 0
    station.staff_does(saved.id, "request-materials", materials=["结婚证"], note="请补交结婚证")
    after = station.port.progress_by_receipt(saved.progress_qr)
    assert after.synced and after.status is FilingStatus.MATERIALS_REQUESTED
    assert after.missing_materials == ("结婚证",) and after.note == "请补交结婚证"
    assert after.item_name == "出生登记" and after.delivery == "kiosk"
    [by_card] = station.port.progress_by_id_card(ID_NUMBER)
    assert by_card.id == saved.id and by_card.status is FilingStatus.MATERIALS_REQUESTED


def test_the_result_prints_once_then_needs_staff(station: Station, printer_sim: VirtualPrinter) -> None:
    station.port.items()
    saved = station.port.save(draft())
    station.sync()
    with pytest.raises(Refused) as early:
        station.port.print_result(saved.id, slip(saved.number))
    assert early.value.code == "no_result"
    for action in ("accept", "approve"):
        station.staff_does(saved.id, action)
    upload = station.staff.post(
        f"/api/v1/filings/{saved.id}/result", content=result_pdf(), headers={"Content-Type": "application/pdf"}
    )
    assert upload.status_code in (200, 201), upload.text
    assert station.port.progress_by_receipt(saved.progress_qr).result_ready

    printed, why = station.port.print_result(saved.id, slip(saved.number))
    assert printed and why is None
    assert printer_sim.receipts[-1].image.height > 1500  # the slip and the decision's page under it
    assert station.port.progress_by_receipt(saved.progress_qr).collected
    with pytest.raises(Refused) as again:
        station.port.print_result(saved.id, slip(saved.number))
    assert again.value.code == COLLECTED_CODE and "窗口" in again.value.message.zh

    station.staff_does(saved.id, "allow-reprint")
    assert station.port.print_result(saved.id, slip(saved.number))[0]
    with pytest.raises(Refused):
        station.port.print_result(saved.id, slip(saved.number))


def test_a_forged_or_foreign_receipt_is_refused_in_words(station: Station) -> None:
    station.port.items()
    saved = station.port.save(draft())
    station.sync()
    token = saved.progress_qr.rsplit("/f/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for code in (saved.progress_qr.replace(token, forged), "https://example.com/not-a-receipt", "A017"):
        with pytest.raises(Refused) as refused:
            station.port.progress_by_receipt(code)
        assert refused.value.code == "unknown_receipt" and "身份证" in refused.value.message.zh


def test_with_the_hall_away_a_filing_of_this_kiosk_is_still_followed_and_others_wait(
    hall: Hall, store: Store, devices: StationDevices, data_dir: Path, station: Station
) -> None:
    station.port.items()  # the receipt key is kept from here on
    saved = station.port.save(draft())
    token = create_token(hall.sessions, "kiosk-away", Role.KIOSK)
    away = HallClient(f"http://127.0.0.1:{free_port()}", token, timeout_s=1)
    try:
        offline = StationFilings(
            away,
            station.filings,
            lambda _refresh: [],
            devices,
            kiosk_id="kiosk-01",
            data_dir=data_dir,
            paper=devices.profile.paper,
        )
        found = offline.progress_by_receipt(saved.progress_qr)
        assert found.number == saved.number and not found.synced
        [mine] = offline.progress_by_id_card(ID_NUMBER)
        assert mine.id == saved.id
        with pytest.raises(Unavailable):
            offline.progress_by_id_card("110105198506120026")
        with pytest.raises(Unavailable):
            offline.print_result(saved.id, slip(saved.number))
    finally:
        away.close()


def test_a_kiosk_that_never_reached_the_hall_takes_no_filing(
    hall: Hall, store: Store, devices: StationDevices, data_dir: Path
) -> None:
    token = create_token(hall.sessions, "kiosk-new", Role.KIOSK)
    away = HallClient(f"http://127.0.0.1:{free_port()}", token, timeout_s=1)
    try:
        port = StationFilings(
            away,
            FilingStore(store, data_dir, "K02", SHANGHAI),
            lambda _refresh: [],
            devices,
            kiosk_id="kiosk-new",
            data_dir=data_dir,
            paper=devices.profile.paper,
        )
        with pytest.raises(Unavailable) as never:
            port.items()
        assert "没有连接过大厅" in never.value.message.zh
    finally:
        away.close()


def test_a_rating_of_the_filing_goes_to_the_outbox_with_its_number(station: Station) -> None:
    station.port.rate("K01-20261205-0001", 1, ["办理时间过长"])
    with station.filings.store.sessions() as session:
        [kept] = session.query(OutboxMessage).filter(OutboxMessage.kind == "rating").all()
    assert kept.payload["filing_id"] == "K01-20261205-0001" and kept.payload["reasons"] == ["办理时间过长"]


def test_pages_from_the_phone_reach_the_port_as_captured_pages(station: Station, hall: Hall) -> None:
    url = station.port.phone_upload_url("出生医学证明")
    assert url is not None and "/m/" in url
    photo = BytesIO()
    Image.new("RGB", (600, 800), "white").save(photo, "JPEG")
    token = url.rsplit("/m/", 1)[1]
    with httpx.Client(base_url=station.client.base_url) as phone:  # the test hall serves on another port
        sent = phone.put(f"/m/{token}/files", params={"name": "证明.jpg"}, content=photo.getvalue())
        assert sent.status_code in (200, 201), sent.text
    pages = station.port.phone_arrivals()
    assert len(pages) == 1 and pages[0].found and pages[0].jpeg[:3] == b"\xff\xd8\xff"
    assert station.port.phone_arrivals() == []  # each page once
    station.port.close_phone()
    assert station.port.phone_arrivals() == []
