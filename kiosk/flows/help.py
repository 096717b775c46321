"""What the help control says: the hotline with its number, the help desk (and where it is, when the config says),
and one line on how to use the screen the citizen is on."""

from __future__ import annotations

from dataclasses import dataclass

from devices.words import Words

# One line per screen: what to do here. A screen without one gets the general line.
HOW_TO: dict[str, Words] = {
    "home": Words(
        "点击一项业务开始，例如“取号”。屏幕下方可切换语言、长辈模式和语音引导。",
        "Tap a service to begin, for example “Take a number”. Language, elder mode and the voice guide are at the "
        "bottom.",
    ),
    "take_number": Words(
        "选择您要办理的业务，取号后请留意叫号屏和广播。",
        "Choose your service; after taking a number, watch the display and listen for your number.",
    ),
    "check_in": Words(
        "把手机上的预约二维码对准扫码口，或刷身份证签到。",
        "Hold the appointment QR code on your phone to the scanner, or use your ID card.",
    ),
    "booking": Words(
        "选事项和时段，刷身份证并输入手机号即可预约；已有预约可扫凭证二维码或刷身份证取消、改约。",
        "Choose a service and a time, then your ID card and mobile number; to cancel or change, scan your slip "
        "or use your ID card.",
    ),
    "guide": Words(
        "按部门、人生事件或搜索找到事项，可打印办事指南带走。",
        "Find a service by department, life event or search; you can print its guide.",
    ),
    "rate": Words(
        "办理完成后，扫描排队小票上的二维码，再选择满意程度。",
        "After being served, scan the QR code on your ticket, then choose how satisfied you are.",
    ),
    "filing": Words(
        "按屏幕提示一步一步填写，每一步都可以返回修改。",
        "Follow the steps on screen; you can go back and change any step.",
    ),
    "progress": Words(
        "扫描申报回执上的二维码，或刷身份证查询办理进度。",
        "Scan the QR code on your filing receipt, or use your ID card, to see its progress.",
    ),
    "disclosure": Words(
        "选择一类公开内容浏览，可按关键词或拼音首字母搜索公告，并打印带走。",
        "Choose what to read; search notices by keyword or pinyin initials, and print one to take away.",
    ),
    "payment": Words(
        "扫描申报回执或刷身份证找到要缴的费用，核对金额后用手机扫屏幕上的二维码，或出示付款码对准扫码口。",
        "Find your fee by your filing receipt or ID card, check the amount, then scan the screen's QR code "
        "with your phone, or hold your payment code to the scanner.",
    ),
}
GENERAL = Words(
    "点“返回”回到上一步，点“首页”重新开始。",
    "Tap “Back” for the step before, or “Home” to start again.",
)
DESK = Words("请到服务台咨询", "Please ask at the help desk")


@dataclass(frozen=True)
class HelpText:
    how_to: Words
    desk: Words
    hotline: Words


def help_text(screen: str, hotline: str, desk_zh: str = "", desk_en: str = "") -> HelpText:
    """The help for ``screen``; the desk's place is said when the config knows it."""
    desk = DESK
    if desk_zh:
        desk = Words(f"{DESK.zh}（{desk_zh}）", f"{DESK.en} ({desk_en or desk_zh})")
    return HelpText(
        how_to=HOW_TO.get(screen, GENERAL),
        desk=desk,
        hotline=Words(f"服务热线 {hotline}", f"Hotline {hotline}"),
    )
