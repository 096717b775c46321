<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CheckIn</name>
    <message>
        <source>签到成功</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <source>扫描预约二维码</source>
        <translation>Scan your appointment QR code</translation>
    </message>
    <message>
        <source>请将手机上的预约二维码对准下方扫码口</source>
        <translation>Hold the appointment QR code on your phone under the scanner below</translation>
    </message>
    <message>
        <source>或者</source>
        <translation>or</translation>
    </message>
    <message>
        <source>刷身份证签到</source>
        <translation>Check in with your ID card</translation>
    </message>
    <message>
        <source>正在签到并打印小票，请稍候…</source>
        <translation>Checking you in and printing your ticket…</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <source>个人信息保护提示</source>
        <translation>Your personal information</translation>
    </message>
    <message>
        <source>同意并读卡</source>
        <translation>I agree, read my card</translation>
    </message>
    <message>
        <source>不同意</source>
        <translation>I do not agree</translation>
    </message>
</context>
<context>
    <name>Error</name>
    <message>
        <source>抱歉</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <source>服务热线 {phone}</source>
        <translation>Hotline {phone}</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>需要帮助？请拨打服务热线 {phone}</source>
        <translation>Need help? Call the hotline {phone}</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>正在加载办事指南…</source>
        <translation>Loading the service guide…</translation>
    </message>
    <message>
        <source>上一屏</source>
        <translation>Scroll up</translation>
    </message>
    <message>
        <source>下一屏</source>
        <translation>Scroll down</translation>
    </message>
    <message>
        <source>打印本指南</source>
        <translation>Print this guide</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>按部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>按人生事件</source>
        <translation>By life event</translation>
    </message>
    <message>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>输入拼音首字母，例如“身份证”输入 SFZ；或点下方常用词</source>
        <translation>Type pinyin initials (身份证 is SFZ) or tap a common word below</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>没有找到相关事项，请换个词试试</source>
        <translation>Nothing found. Please try another word.</translation>
    </message>
    <message>
        <source>查看全部 {n} 项结果</source>
        <translation>See all {n} results</translation>
    </message>
    <message>
        <source>没有找到相关事项</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>GuideDetail</name>
    <message>
        <source>实施编码</source>
        <translation>Item code</translation>
    </message>
    <message>
        <source>实施主体</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>概要</source>
        <translation>In short</translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <source>申请材料（一次性告知）</source>
        <translation>Required materials (the complete list)</translation>
    </message>
    <message>
        <source>办理流程</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>收费标准</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>到现场次数</source>
        <translation>Visits to the hall</translation>
    </message>
    <message>
        <source>办理地点</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>办理时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>咨询电话</source>
        <translation>Enquiries</translation>
    </message>
    <message>
        <source>投诉电话</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>网上办理</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>自助办理</source>
        <translation>Self-service</translation>
    </message>
    <message>
        <source>人生事件</source>
        <translation>Life events</translation>
    </message>
    <message>
        <source>办事指南以中文发布。</source>
        <translation>Service guides are published in Chinese.</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>标准模式</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <source>长辈模式</source>
        <translation>Elder mode</translation>
    </message>
</context>
<context>
    <name>Home</name>
    <message>
        <source>您好！请选择要办理的业务</source>
        <translation>Hello! What would you like to do?</translation>
    </message>
    <message>
        <source>各业务办理时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>自助服务24小时开放；人工窗口按上表时间办理。</source>
        <translation>Self-service is open 24 hours; staffed windows keep the hours above.</translation>
    </message>
    <message>
        <source>需要帮助？请拨打服务热线 {phone}</source>
        <translation>Need help? Call the hotline {phone}</translation>
    </message>
    <message>
        <source>见大厅公告</source>
        <translation>See the hall&apos;s notice</translation>
    </message>
    <message>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>暂停取号</source>
        <translation>Closed now</translation>
    </message>
</context>
<context>
    <name>Identity</name>
    <message>
        <source>已读取身份证</source>
        <translation>ID card read</translation>
    </message>
    <message>
        <source>确认取号</source>
        <translation>Take my number</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>输入拼音，点选汉字</source>
        <translation>Type pinyin, then tap the character</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>字母</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>符号</source>
        <translation>Symbols</translation>
    </message>
    <message>
        <source>大写</source>
        <translation>Caps</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Rate</name>
    <message>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>请扫描排队小票上的二维码</source>
        <translation>Scan the QR code on your ticket</translation>
    </message>
    <message>
        <source>办理完成后，将小票二维码对准下方扫码口，即可为本次服务评价。也可使用窗口的评价器。</source>
        <translation>After you have been served, hold your ticket&apos;s QR code under the scanner below to rate the service. You can also use the pad at the window.</translation>
    </message>
    <message>
        <source>您对本次服务满意吗？</source>
        <translation>How satisfied are you with the service?</translation>
    </message>
    <message>
        <source>很抱歉让您不满意，请选择原因（可多选）</source>
        <translation>We are sorry. Please choose what went wrong (one or more).</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Send my rating</translation>
    </message>
    <message>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>您的评价将用于改进我们的服务</source>
        <translation>Your rating helps us improve our service.</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>Reading</name>
    <message>
        <source>请将身份证平放在读卡区</source>
        <translation>Place your ID card flat on the reader</translation>
    </message>
    <message>
        <source>正在等待读卡，请勿移动身份证</source>
        <translation>Waiting for the card; please keep it still</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Retry</name>
    <message>
        <source>再试一次</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>TakeNumber</name>
    <message>
        <source>暂停取号</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>等候 {n} 人</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <source>需刷身份证</source>
        <translation>ID card needed</translation>
    </message>
    <message>
        <source>取号成功</source>
        <translation>Here is your number</translation>
    </message>
    <message>
        <source>刷身份证取号</source>
        <translation>Take a number with your ID card</translation>
    </message>
    <message>
        <source>取号</source>
        <translation>Take a number</translation>
    </message>
    <message>
        <source>正在取号并打印小票，请稍候…</source>
        <translation>Taking your number and printing your ticket…</translation>
    </message>
    <message>
        <source>正在加载业务列表…</source>
        <translation>Loading the services…</translation>
    </message>
    <message>
        <source>请选择您要办理的业务类型</source>
        <translation>Choose the service you need</translation>
    </message>
    <message>
        <source>是否刷身份证取号？</source>
        <translation>Use your ID card?</translation>
    </message>
    <message>
        <source>刷身份证取号可防止重复排队：同一证件每类业务只能取一个号。也可以不刷卡直接取号。</source>
        <translation>With your ID card, each person gets one number per service, so nobody queues twice. You can also take a number without it.</translation>
    </message>
    <message>
        <source>不刷卡，直接取号</source>
        <translation>Without the card</translation>
    </message>
</context>
<context>
    <name>Technician</name>
    <message>
        <source>维护页面</source>
        <translation>Technician page</translation>
    </message>
    <message>
        <source>请输入维护密码</source>
        <translation>Enter the technician PIN</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>设备状态</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>重启设备</source>
        <translation>Restart a device</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>扫码器</source>
        <translation>QR scanner</translation>
    </message>
    <message>
        <source>模拟设备</source>
        <translation>Simulated devices</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>待上传 {n} 条；最近错误：{error}</source>
        <translation>Outbox: {n} waiting; last error: {error}</translation>
    </message>
    <message>
        <source>最近扫码：{code}</source>
        <translation>Last code scanned: {code}</translation>
    </message>
    <message>
        <source>最近日志</source>
        <translation>Latest log lines</translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>关闭维护页面</source>
        <translation>Close this page</translation>
    </message>
    <message>
        <source>退出程序</source>
        <translation>Quit the kiosk</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>需注意</source>
        <translation>needs attention</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>fault</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>（模拟）</source>
        <translation> (simulated)</translation>
    </message>
</context>
<context>
    <name>Ticket</name>
    <message>
        <source>您的排队号</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>前面还有 {ahead} 人，预计等候约 {minutes} 分钟</source>
        <translation>{ahead} ahead of you, about {minutes} minutes</translation>
    </message>
    <message>
        <source>取号时间 {time}</source>
        <translation>Taken at {time}</translation>
    </message>
    <message>
        <source>请取走排队小票，留意叫号</source>
        <translation>Please take your ticket and listen for your number</translation>
    </message>
    <message>
        <source>请记住您的号码，或用手机拍照</source>
        <translation>Please remember your number, or take a photo of it</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>办理完成后，可在本机“服务评价”扫描小票二维码评价</source>
        <translation>After you are served, rate us here: tap “Rate our service” and scan your ticket</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>暂时无法连接大厅服务：取号和签到已暂停，办事指南显示本机保存的版本。</source>
        <translation>The hall cannot be reached: taking numbers and check-in are paused; the guide shows the copy kept here.</translation>
    </message>
    <message>
        <source>{n} 秒后将返回首页并清除您的信息</source>
        <translation>Returning to the start in {n} s and clearing your details</translation>
    </message>
    <message>
        <source>{n} 秒后恢复默认设置</source>
        <translation>Back to the default settings in {n} s</translation>
    </message>
    <message>
        <source>继续使用</source>
        <translation>I&apos;m still here</translation>
    </message>
</context>
</TS>
