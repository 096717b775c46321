"""The demo's filing scenes: a birth registration filed through the wizard (the on-screen keyboard in pinyin, the
document camera's preview, the receipt), moved through the staff API on the embedded hall, then followed on the
progress screen by the receipt's QR code and its result printed. Every picture has ``filing`` in its name."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from hall.tokens import Role, create_token
from kiosk.flows.filing import FILING_SCREEN, FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.progress import PROGRESS_SCREEN, ProgressFlow
from ui.demo_run import DemoRun, act, flow_of
from ui.demo_walk import staff_call
from ui.screens.filing import FilingScreen

BIRTH = "339900-001-QR-00201-001"  # 出生登记: a fileable item of the shipped catalog
ANSWERS: dict[str, object] = {
    "relation": "父亲",
    "baby_name": "张小宝",
    "baby_sex": "男",
    "birth_date": "2026-11-01",
    "birth_certificate": "Q123456789",
    "phone": "13800138000",
}
PINYIN = "zhang"  # typed on the on-screen keyboard for the baby's name, to show the candidates


def walk_filing(run: DemoRun, key: str, card: int) -> None:
    """One filing and its progress, in the variant on screen now."""
    kiosk = run.ui.kiosk
    act(run, kiosk.home)
    act(run, lambda: kiosk.go(FILING_SCREEN))
    flow = flow_of(run, FilingFlow)
    run.settle(lambda: flow.step is not FilingStep.LOADING, 15)
    run.shot("filing-choose", key)
    act(run, lambda: flow.choose_item(BIRTH))
    run.shot("filing-notice", key)
    act(run, flow.begin)
    run.shot("filing-consent", key)
    reader = kiosk.context.devices.simulators().get("id_reader")
    if reader is None:
        return
    reader.place(card)  # type: ignore[attr-defined]
    act(run, flow.agree)
    run.settle(lambda: flow.step is not FilingStep.READING, 15)
    reader.remove()  # type: ignore[attr-defined]
    fill_the_form(run, flow, key)
    photograph_the_first_material(run, flow, key)
    for entry in flow.work.materials if flow.work is not None else []:
        if not entry.pages:
            act(run, lambda name=entry.name: flow.bring(name))
    run.shot("filing-materials", key)
    act(run, flow.materials_done)
    act(run, lambda: flow.choose_delivery("kiosk"))
    act(run, flow.delivery_done)
    run.shot("filing-review", key)
    act(run, flow.submit)
    run.settle(lambda: flow.step in {FilingStep.DONE, FilingStep.REVIEW}, 20)
    run.shot("filing-receipt-screen", key)
    keep_printout(run, key, "filing-receipt-printout")
    receipt = flow.receipt
    if receipt is None or receipt.qr_payload is None:
        return
    number = receipt.filing_number
    act(run, kiosk.home)
    staff_completes(run, number)
    follow_progress(run, key, receipt.qr_payload)


def fill_the_form(run: DemoRun, flow: FilingFlow, key: str) -> None:
    screen = run.ui.window.screens[FILING_SCREEN]
    for _ in range(len(flow.fields()) + 1):
        spec = flow.current_field
        if spec is None:
            return
        if spec.name == "baby_name" and isinstance(screen, FilingScreen):
            board = screen.keyboard.letters
            for letter in PINYIN:
                board.letters[letter].click()
            run.shot("filing-keyboard-pinyin", key)
        if spec.name in ANSWERS:
            act(run, lambda value=ANSWERS[spec.name]: flow.enter(value))
        if spec.name == "phone":
            run.shot("filing-form", key)
        act(run, flow.next_field)


def photograph_the_first_material(run: DemoRun, flow: FilingFlow, key: str) -> None:
    work = flow.work
    if work is None or not work.materials or not flow.can_capture:
        return
    act(run, lambda: flow.capture(work.materials[0].name))
    screen = run.ui.window.screens[FILING_SCREEN]
    if isinstance(screen, FilingScreen):
        run.settle(lambda: screen.capture.frames >= 2, 15)  # the live picture is on screen
    run.shot("filing-camera-preview", key)
    act(run, flow.take_page)
    run.settle(lambda: not flow.busy, 15)
    run.shot("filing-camera-page", key)
    act(run, flow.finish_capture)


def staff_completes(run: DemoRun, number: str) -> None:
    """The window's staff accept and approve the filing and upload the result, once the kiosk has sent it."""
    filings, sender = run.services.filings, run.services.sender
    sender.wake(everything=True)
    run.settle(lambda: (record := filings.by_number(number)) is not None and record.synced, 30)
    record = filings.by_number(number)
    if record is None or not record.synced:
        return
    for action in ("accept", "approve"):
        staff_call(run, f"/api/v1/filings/{record.id}/{action}")
    upload_result(run, str(record.id), number)


def upload_result(run: DemoRun, filing_id: str, number: str) -> None:
    embedded = run.services.embedded
    if embedded is None:
        return
    if not run.staff_token and embedded.hall is not None:
        with run.backstage():
            run.staff_token = create_token(embedded.hall.sessions, "demo-staff", Role.STAFF)
    headers = {"Authorization": f"Bearer {run.staff_token}", "Content-Type": "application/pdf"}
    with run.backstage():
        httpx.post(
            f"{embedded.url}/api/v1/filings/{filing_id}/result", content=result_pdf(number), headers=headers, timeout=10
        )


def follow_progress(run: DemoRun, key: str, receipt_code: str) -> None:
    kiosk = run.ui.kiosk
    act(run, lambda: kiosk.go(PROGRESS_SCREEN))
    run.shot("filing-progress-scan", key)
    scanner = kiosk.context.devices.simulators().get("scanner")
    if scanner is None:
        return
    flow = flow_of(run, ProgressFlow)
    scanner.send_code(receipt_code)  # type: ignore[attr-defined]
    run.settle(lambda: flow.progress is not None, 15)
    run.shot("filing-progress", key)
    act(run, flow.print_result)
    run.settle(lambda: not flow.busy, 20)
    run.shot("filing-progress-result-printed", key)
    keep_printout(run, key, "filing-result-printout")
    act(run, kiosk.home)


def keep_printout(run: DemoRun, key: str, scene: str) -> None:
    """Name the virtual printer's newest printout for what it is (it goes to the demo's printed/ with the rest)."""
    printed = run.services.printed_dir
    if printed is None:
        return
    newest = max(printed.glob("receipt-*.png"), key=lambda path: path.stat().st_mtime, default=None)
    if newest is not None:
        newest.rename(printed / f"{scene}-{key}.png")


def result_pdf(number: str) -> bytes:
    """The staff's result document: an A4 decision (准予登记决定书), drawn with Qt's PDF writer."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(20, 20, 20, 20))
    )
    writer.setResolution(150)
    painter = QPainter(writer)
    lines: list[tuple[int, str]] = [
        (26, "准予户口登记决定书"),
        (14, f"受理号：{number}"),
        (14, "经审查，您申报的出生登记符合规定，准予登记。"),
        (14, "新生儿户口已登记在入户地居民户口簿。"),
        (14, "示例市公安局 户政管理科"),
    ]
    y = 120
    for size, text in lines:
        font: Any = QFont("Noto Sans CJK SC")
        font.setPointSize(size)
        painter.setFont(font)
        painter.drawText(80, y, text)
        y += size * 5
    painter.end()
    data = bytes(buffer.data().data())
    buffer.close()
    return data
