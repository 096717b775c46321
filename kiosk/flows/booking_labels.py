"""What the booking screens (ui/screens/booking*.py) say on their titles, buttons and notes, Chinese first: kept
with the flow as ``Words`` like its messages, so the screens pick a half by language and no line is split."""

from __future__ import annotations

from devices.words import Words

TITLES: dict[str, Words] = {
    "start": Words("预约办理", "Book an appointment"),
    "item": Words("选择预约事项", "Choose a service"),
    "slots": Words("选择预约时间", "Choose a time"),
    "phone": Words("输入手机号码", "Your mobile number"),
    "confirm": Words("确认预约信息", "Check and confirm"),
    "change_confirm": Words("确认改约", "Confirm the new time"),
    "done": Words("预约成功", "Booked"),
    "changed": Words("改约成功", "Appointment changed"),
    "limit": Words("您已有预约", "You already have an appointment"),
    "find": Words("我的预约", "My appointment"),
    "found": Words("选择要办理的预约", "Choose an appointment"),
    "manage": Words("我的预约", "My appointment"),
    "cancel_confirm": Words("取消预约", "Cancel the appointment"),
    "cancelled": Words("预约已取消", "Appointment cancelled"),
    "read_failed": Words("没有读到身份证", "The ID card was not read"),
}
LABELS: dict[str, Words] = {
    "new": Words("新预约\n选择事项和时间，打印预约凭证", "New appointment\nChoose a service and a time, print a slip"),
    "mine": Words("我的预约\n查看、取消或改约", "My appointment\nSee, cancel or change it"),
    "scan_title": Words("已有预约凭证？", "Have an appointment slip?"),
    "scan_hint": Words(
        "把凭证上的二维码对准扫码口，即可取消或改约", "Hold its QR code to the scanner to cancel or change it"
    ),
    "search": Words("按拼音首字母搜索", "Search by pinyin initials"),
    "list": Words("显示全部事项", "Show every service"),
    "search_hint": Words(
        "输入拼音首字母，例如“身份证”输入 SFZ", "Type pinyin initials, e.g. SFZ for shenfenzheng (ID card)"
    ),
    "clear": Words("清空", "Clear"),
    "none": Words("没有找到相关事项，请换个词试试", "Nothing found; please try other letters"),
    "days": Words("选择日期（节假日不办理）", "Choose a day (closed on holidays)"),
    "times": Words("选择时段", "Choose a time"),
    "no_times": Words("这一天已约满，请选择其他日期", "This day is full; please choose another"),
    "instead": Words("可预约的最近时段", "The nearest free times"),
    "full_day": Words("已约满", "Full"),
    "free_day": Words("余 {n} 个", "{n} left"),
    "phone_hint": Words("用于接收预约提醒，请输入 11 位手机号码", "For reminders about your appointment: 11 digits"),
    "phone_next": Words("下一步", "Next"),
    "item_label": Words("办理事项", "Service"),
    "when_label": Words("预约时间", "Time"),
    "old_label": Words("原预约时间", "Was"),
    "new_label": Words("新预约时间", "Now"),
    "place_label": Words("签到地点", "Check in at"),
    "any_kiosk": Words("大厅自助终端（预约签到）", "Any kiosk in the hall (Appointment check-in)"),
    "id_label": Words("身份证号", "ID number"),
    "phone_label": Words("手机号码", "Mobile"),
    "code_label": Words("预约码", "Appointment code"),
    "edit": Words("返回修改", "Change something"),
    "book": Words("确认预约", "Book it"),
    "change_it": Words("确认改约", "Move it"),
    "done_hint": Words(
        "请在预约时间到大厅，在自助终端点“预约签到”扫描凭证二维码或刷身份证领取排队号",
        "On the day, tap 'Appointment check-in' at a kiosk in the hall and scan the slip or place your ID card "
        "to get your number",
    ),
    "remember": Words("请记下您的预约码，或用手机拍下本页", "Please note your code, or take a photo of this page"),
    "finish": Words("完成", "Done"),
    "manage_it": Words("管理这个预约", "Manage it"),
    "back": Words("返回", "Back"),
    "or": Words("或者", "or"),
    "find_scan": Words("扫描预约凭证上的二维码", "Scan the QR code on your slip"),
    "find_scan_hint": Words("请将凭证上的二维码对准下方扫码口", "Hold it to the scanner below the screen"),
    "find_card": Words("刷身份证查找", "Find it with my ID card"),
    "cancel_it": Words("取消预约", "Cancel it"),
    "change": Words("改约", "Change the time"),
    "sure": Words(
        "确定要取消这个预约吗？取消后该时段会释放给其他人。", "Cancel this appointment? Its place goes to others."
    ),
    "keep": Words("不取消", "Keep it"),
    "yes_cancel": Words("确定取消", "Yes, cancel"),
    "read_other": Words("返回", "Back"),
    "read_again": Words("重新读卡", "Read again"),
    "retry": Words("再试一次", "Try again"),
}
