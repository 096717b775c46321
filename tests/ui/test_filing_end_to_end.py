"""Self-service filing end to end, with a real hall server process on loopback: a filing made through the touch
UI; the hall stopped and 50 more filed while it is away; the kiosk process (`kiosk run`) SIGKILLed in the middle of
the sync that follows; both restarted. The hall then holds every filing exactly once with its attachments' bytes
intact, and the kiosk's progress screen shows what staff set through the API and prints the result once."""

from __future__ import annotations

import io
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from common.hallapi.filings import FilingStatus
from devtools.ports import free_port
from kiosk.flows.filing import FILING_SCREEN, FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.flow import KioskSettings
from kiosk.flows.progress import PROGRESS_SCREEN, ProgressFlow
from kiosk.station.filing_ports import DraftMaterial, FilingDraft, ResultDelivery
from kiosk.station.services import StationServices, open_station_services
from kiosk.store.filing_records import FilingRecord
from kiosk.store.filing_tables import Filing
from tests.kiosk.printing.test_result_pages import result_pdf
from tests.support.processes import Running
from tests.support.relay import relayed
from tests.ui.conftest import visible_texts
from ui.app import PORTRAIT, KioskUi

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]
BIRTH = "339900-001-QR-00201-001"
ANSWERS: dict[str, object] = {
    "relation": "父亲",
    "baby_name": "张小宝",
    "baby_sex": "男",
    "birth_date": "2026-11-01",
    "birth_certificate": "Q123456789",
    "phone": "13800138000",
}
MORE = 50


class HallProcess:
    """`kiosk hall serve` in a data dir of its own, stopped and started again on the same port."""

    def __init__(self, config: Path, data_dir: Path, port: int) -> None:
        self.config, self.data_dir, self.port = config, data_dir, port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {"KIOSK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}

    def token(self, name: str, role: str) -> str:
        argv = [*KIOSK, "hall", "token", "create", "--config", str(self.config), "--name", name, "--role", role]
        with Running(argv, env=self.env, cwd=ROOT) as made:
            stopped = made.stop()
            stopped.assert_clean()
        return stopped.out.strip().splitlines()[-1]

    @contextmanager
    def serving(self) -> Iterator[Running]:
        argv = [*KIOSK, "hall", "serve", "--config", str(self.config), "--port", str(self.port)]
        with Running(argv, env=self.env, cwd=ROOT) as hall:
            hall.wait_until(self.answers, "the hall answering")
            yield hall
            hall.stop(signal.SIGTERM)

    def answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


def kiosk_config(config_dir: Path, hall_url: str, token: str) -> Path:
    path = config_dir / "kiosk.toml"
    text = path.read_text()
    text = text.replace('url = "http://127.0.0.1:8700"', f'url = "{hall_url}"')
    text = text.replace("embedded = true", "embedded = false").replace('token = ""', f'token = "{token}"')
    path.write_text(text)
    return path


def point_at(config: Path, hall_url: str) -> None:
    lines = [
        f'url = "{hall_url}"' if line.startswith('url = "http') else line for line in config.read_text().splitlines()
    ]
    config.write_text("\n".join(lines) + "\n")


@contextmanager
def touch_ui(qtbot: QtBot, config: Path) -> Iterator[tuple[KioskUi, StationServices]]:
    with open_station_services(config) as services:
        made = KioskUi(
            hall=services.hall,
            devices=services.devices,
            technician=services.technician,
            settings=KioskSettings.from_config(services.config),
            filing=services.filing_port,
            camera=services.document_camera,
        )
        made.window.resize(PORTRAIT)
        made.show(kiosk_mode=False)
        try:
            qtbot.waitUntil(lambda: made.runner.pending == 0, timeout=10_000)
            yield made, services
        finally:
            made.close()


def settle(qtbot: QtBot, ui: KioskUi, until: object = None, timeout: int = 20_000) -> None:
    check = until if callable(until) else (lambda: True)
    qtbot.waitUntil(lambda: ui.runner.pending == 0 and bool(check()), timeout=timeout)


def act(qtbot: QtBot, ui: KioskUi, action: object) -> None:
    ui.ui.act(action)  # type: ignore[arg-type]
    settle(qtbot, ui)


def file_through_the_ui(qtbot: QtBot, ui: KioskUi) -> str:
    """A birth registration by the wizard's own actions, as taps make them; returns the receipt's QR text."""
    kiosk = ui.kiosk
    act(qtbot, ui, lambda: kiosk.go(FILING_SCREEN))
    flow = kiosk.flow
    assert isinstance(flow, FilingFlow)
    settle(qtbot, ui, lambda: flow.step is FilingStep.CHOOSE)
    act(qtbot, ui, lambda: flow.choose_item(BIRTH))
    act(qtbot, ui, flow.begin)
    reader = kiosk.context.devices.simulators()["id_reader"]
    reader.place(0)  # type: ignore[attr-defined]
    act(qtbot, ui, flow.agree)
    settle(qtbot, ui, lambda: flow.step is FilingStep.FORM)
    reader.remove()  # type: ignore[attr-defined]
    while (spec := flow.current_field) is not None:
        if spec.name in ANSWERS:
            act(qtbot, ui, lambda value=ANSWERS[spec.name]: flow.enter(value))  # type: ignore[misc]
        act(qtbot, ui, flow.next_field)
    work = flow.work
    assert work is not None and flow.step is FilingStep.MATERIALS
    act(qtbot, ui, lambda: flow.capture(work.materials[0].name))  # the document camera, sim://
    capture = ui.window.screens[FILING_SCREEN].capture  # type: ignore[attr-defined]
    settle(qtbot, ui, lambda: capture.frames > 0)  # as a citizen would: the live picture is up before the tap
    act(qtbot, ui, flow.take_page)
    settle(qtbot, ui, lambda: bool(work.materials[0].pages))
    act(qtbot, ui, flow.finish_capture)
    for entry in work.materials[1:]:
        act(qtbot, ui, lambda name=entry.name: flow.bring(name))
    act(qtbot, ui, flow.materials_done)
    act(qtbot, ui, lambda: flow.choose_delivery("kiosk"))
    act(qtbot, ui, flow.delivery_done)
    act(qtbot, ui, flow.submit)
    settle(qtbot, ui, lambda: flow.step is FilingStep.DONE)
    assert flow.receipt is not None and flow.receipt.qr_payload is not None
    return flow.receipt.qr_payload


def photo(seed: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 40 + seed % 50).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def draft(seed: int) -> FilingDraft:
    form = {"applicant_name": "张示例", "applicant_id": "990101199003071237", **ANSWERS}
    return FilingDraft(
        item_code=BIRTH,
        item_name="出生登记",
        applicant_name="张示例",
        id_number="990101199003071237",
        phone="13800138000",
        form=form,  # type: ignore[arg-type]
        attachments=(DraftMaterial("《出生医学证明》", (photo(seed),)),),
        materials_to_bring=("入户地居民户口簿",),
        delivery=ResultDelivery("hall"),
    )


def test_filings_reach_the_hall_once_through_an_outage_and_a_killed_kiosk(
    qtbot: QtBot, config_dir: Path, tmp_path: Path
) -> None:
    hall = HallProcess(config_dir / "hall.toml", tmp_path / "hall-data", free_port())
    kiosk_token, staff_token = hall.token("kiosk-01", "kiosk"), hall.token("window-3", "staff")
    config = kiosk_config(config_dir, hall.url, kiosk_token)
    staff = {"Authorization": f"Bearer {staff_token}"}

    with hall.serving(), touch_ui(qtbot, config) as (ui, services):
        receipt_code = file_through_the_ui(qtbot, ui)
        services.sender.wake(everything=True)
        qtbot.waitUntil(lambda: all(r.synced for r in _records(services)), timeout=30_000)
        [first] = _records(services)

    # The hall is away: 50 more are filed (and their receipts signed) at the kiosk.
    with open_station_services(config) as services:
        for seed in range(MORE):
            services.filing_port.save(draft(seed))
        assert sum(not r.synced for r in _records(services)) == MORE

    # The hall is back; `kiosk run` syncs through a slow link and is killed in the middle of it.
    with hall.serving(), relayed(hall.url) as slow:
        point_at(config, slow.url)
        slow.delay_per_chunk_s = 0.02
        argv = [*KIOSK, "run", "--windowed", "--config", str(config)]
        with Running(argv, env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}, cwd=ROOT) as kiosk:
            kiosk.wait_until(lambda: len(_at_hall(hall.url, staff)) >= 3, "the sync under way", timeout=60)
            assert kiosk.stop(signal.SIGKILL).code == -signal.SIGKILL
        assert len(_at_hall(hall.url, staff)) < MORE + 1  # killed before it was done

    point_at(config, hall.url)
    with hall.serving(), touch_ui(qtbot, config) as (ui, services):
        services.sender.wake(everything=True)
        qtbot.waitUntil(lambda: all(r.synced for r in _records(services)), timeout=60_000)
        records = _records(services)
        at_hall = _at_hall(hall.url, staff)
        assert sorted(f["number"] for f in at_hall) == sorted(r.number for r in records)  # each exactly once
        assert len(records) == MORE + 1
        with httpx.Client(base_url=hall.url, headers=staff, timeout=10) as client:
            for record in records:
                for attachment in record.attachments:
                    held = client.get(f"/api/v1/attachments/{attachment.sha256}")
                    assert held.status_code == 200
                    assert held.content == services.filings.attachment_path(attachment.sha256).read_bytes()
            for action in ("accept", "approve"):
                assert client.post(f"/api/v1/filings/{first.id}/{action}").status_code == 200
            result = client.post(
                f"/api/v1/filings/{first.id}/result",
                content=result_pdf(),
                headers={"Content-Type": "application/pdf"},
            )
            assert result.status_code in (200, 201), result.text

        # The citizen comes back with the receipt: the progress screen, the result printed once.
        kiosk = ui.kiosk
        act(qtbot, ui, lambda: kiosk.go(PROGRESS_SCREEN))
        progress = kiosk.flow
        assert isinstance(progress, ProgressFlow)
        printer = kiosk.context.devices.simulators()["printer"]
        printed_before = len(printer.receipts)  # type: ignore[attr-defined]
        kiosk.context.devices.simulators()["scanner"].send_code(receipt_code)  # type: ignore[attr-defined]
        settle(qtbot, ui, lambda: progress.progress is not None)
        shown = progress.progress
        assert shown is not None and shown.status is FilingStatus.COMPLETED and shown.result_ready
        assert "已办结" in " ".join(visible_texts(ui.window))
        act(qtbot, ui, progress.print_result)
        settle(qtbot, ui, lambda: len(printer.receipts) == printed_before + 1)  # type: ignore[attr-defined]
        act(qtbot, ui, progress.print_result)
        assert any("结果已打印过" in text for text in visible_texts(ui.window))
        assert len(printer.receipts) == printed_before + 1  # type: ignore[attr-defined]


def _records(services: StationServices) -> list[FilingRecord]:
    with services.station.store.sessions() as session:
        ids = [row.id for row in session.query(Filing).all()]
    return [record for filing_id in ids if (record := services.filings.get(filing_id)) is not None]


def _at_hall(url: str, staff: dict[str, str]) -> list[dict[str, object]]:
    try:
        answer = httpx.get(f"{url}/api/v1/filings", params={"kiosk_id": "kiosk-01", "limit": 200}, headers=staff)
    except httpx.HTTPError:
        return []
    return list(answer.json()["filings"]) if answer.status_code == 200 else []
