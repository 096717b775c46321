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
        <source>没有读到身份证</source>
        <translation>No ID card was read</translation>
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
        <source>改为扫码签到</source>
        <translation>Scan the QR code instead</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>重新读卡</source>
        <translation>Read again</translation>
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
    <name>Disclosure</name>
    <message>
        <source>【置顶】</source>
        <translation>[Pinned] </translation>
    </message>
    <message>
        <source>正在加载政务公开内容…</source>
        <translation>Loading the published information…</translation>
    </message>
    <message>
        <source>搜索：关键词或拼音首字母</source>
        <translation>Search: keyword or pinyin initials</translation>
    </message>
    <message>
        <source>输入标题的拼音首字母，例如“关于”输入 GY；或点下方常用词</source>
        <translation>Type the pinyin initials of the title, e.g. GY for 关于, or tap a word below</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>没有找到相关公告，请换个词试试</source>
        <translation>No notices found; try another word</translation>
    </message>
    <message>
        <source>打印本公告</source>
        <translation>Print this notice</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
</context>
<context>
    <name>DisclosureRead</name>
    <message>
        <source>附件（请到大厅网站查看）</source>
        <translation>Attachments (on the hall&apos;s website)</translation>
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
        <translation>Back to the home screen</translation>
    </message>
</context>
<context>
    <name>Filing</name>
    <message>
        <source>自助申报：选择事项</source>
        <translation>Self-service filing: choose the service</translation>
    </message>
    <message>
        <source>办理须知</source>
        <translation>Before you file</translation>
    </message>
    <message>
        <source>填写申请表</source>
        <translation>Fill in the form</translation>
    </message>
    <message>
        <source>提交申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>拍摄材料</source>
        <translation>Photograph the materials</translation>
    </message>
    <message>
        <source>领取方式</source>
        <translation>How you get the result</translation>
    </message>
    <message>
        <source>核对并提交</source>
        <translation>Check and submit</translation>
    </message>
    <message>
        <source>申报成功</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>自助申报</source>
        <translation>Self-service filing</translation>
    </message>
    <message>
        <source>正在加载可申报的事项…</source>
        <translation>Loading the services you can file here…</translation>
    </message>
    <message>
        <source>正在保存申报，请稍候…</source>
        <translation>Saving your filing, please wait…</translation>
    </message>
    <message>
        <source>申报已保存，正在打印回执…</source>
        <translation>Saved. Printing your receipt…</translation>
    </message>
    <message>
        <source>请选择要申报的事项：按部门、按人生事件查找，或输入关键词搜索</source>
        <translation>Choose the service to file: by department, by life event, or search by keyword</translation>
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
        <source>输入事项名称或拼音首字母，例如“社保卡”或 SBK</source>
        <translation>Type the service&apos;s name or its pinyin initials, e.g. 社保卡 or SBK</translation>
    </message>
    <message>
        <source>办事指南以中文发布。</source>
        <translation>Service guides are published in Chinese.</translation>
    </message>
    <message>
        <source>申请条件</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <source>申请材料（一次性告知，请全部准备好）</source>
        <translation>Materials (the complete list: please have them all ready)</translation>
    </message>
    <message>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>打印材料清单</source>
        <translation>Print the list</translation>
    </message>
    <message>
        <source>开始申报</source>
        <translation>Start filing</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>FilingDelivery</name>
    <message>
        <source>办理结果如何领取？</source>
        <translation>How do you want to receive the result?</translation>
    </message>
    <message>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <source>已按身份证住址填写，如需寄到别处请修改</source>
        <translation>Filled in from your ID card; change it to send the result elsewhere</translation>
    </message>
    <message>
        <source>返回材料</source>
        <translation>Back to materials</translation>
    </message>
    <message>
        <source>下一步：核对信息</source>
        <translation>Next: check</translation>
    </message>
</context>
<context>
    <name>FilingDone</name>
    <message>
        <source>受理号</source>
        <translation>Filing number</translation>
    </message>
    <message>
        <source>凭回执二维码或身份证，可在本机“办件查询”查看办理进度</source>
        <translation>Follow the progress here under &quot;Check progress&quot; with the receipt&apos;s QR code or your ID card</translation>
    </message>
    <message>
        <source>您对本次自助申报满意吗？</source>
        <translation>Are you satisfied with self-service filing?</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>很抱歉让您不满意，请选择原因（可多选）</source>
        <translation>We are sorry. Please choose the reasons (one or more)</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <source>您的评价将用于改进我们的服务</source>
        <translation>Your rating helps us improve our service</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>FilingForm</name>
    <message>
        <source>请输入文字，最多 {n} 个字</source>
        <translation>Type the text, at most {n} characters</translation>
    </message>
    <message>
        <source>请输入数字（{low} 至 {high}）</source>
        <translation>Type a number ({low} to {high})</translation>
    </message>
    <message>
        <source>请输入数字</source>
        <translation>Type a number</translation>
    </message>
    <message>
        <source>格式：年-月-日，例如 1990-03-07</source>
        <translation>Year-month-day, e.g. 1990-03-07</translation>
    </message>
    <message>
        <source>手机号码，或带区号的固定电话</source>
        <translation>A mobile number, or a landline with its area code</translation>
    </message>
    <message>
        <source>18 位身份证号码，最后一位可以是 X</source>
        <translation>The 18-character ID number; the last may be X</translation>
    </message>
    <message>
        <source>请选择一项</source>
        <translation>Choose one</translation>
    </message>
    <message>
        <source>请选择“是”或“否”</source>
        <translation>Choose yes or no</translation>
    </message>
    <message>
        <source>第 {n} 项，共 {total} 项</source>
        <translation>Question {n} of {total}</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>选填，可以不填</source>
        <translation>Optional: you may leave it empty</translation>
    </message>
    <message>
        <source>已按身份证填好，可以修改</source>
        <translation>Filled in from your ID card; you may change it</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>上一项</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一步：材料</source>
        <translation>Next: materials</translation>
    </message>
    <message>
        <source>下一项</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>以下内容已从身份证读取，不能修改</source>
        <translation>Read from your ID card (cannot be changed):</translation>
    </message>
</context>
<context>
    <name>FilingMaterials</name>
    <message>
        <source>将携带原件到窗口</source>
        <translation>I will bring the original to a window</translation>
    </message>
    <message>
        <source>已拍摄 {n} 页</source>
        <translation>{n} page(s) photographed</translation>
    </message>
    <message>
        <source>已从手机收到 {n} 页</source>
        <translation>{n} page(s) received from your phone</translation>
    </message>
    <message>
        <source>等待手机上传…</source>
        <translation>Waiting for your phone…</translation>
    </message>
    <message>
        <source>尚未提交</source>
        <translation>Not done yet</translation>
    </message>
    <message>
        <source>视情况提交，可以不交</source>
        <translation>Only if it applies; may be left out</translation>
    </message>
    <message>
        <source>拍摄</source>
        <translation>Photograph</translation>
    </message>
    <message>
        <source>携带原件</source>
        <translation>Bring original</translation>
    </message>
    <message>
        <source>从手机上传</source>
        <translation>From my phone</translation>
    </message>
    <message>
        <source>请逐项提交材料：用高拍仪拍摄、从手机上传，或到窗口时携带原件</source>
        <translation>For each material: photograph it with the document camera, send it from your phone, or bring the original to a window</translation>
    </message>
    <message>
        <source>用手机扫码上传材料</source>
        <translation>Send the pages from your phone</translation>
    </message>
    <message>
        <source>用手机扫描上方二维码，拍照或选择文件上传；此二维码仅限本次办理使用。</source>
        <translation>Scan the QR code above with your phone, then take photos or choose files. The code works for this visit only.</translation>
    </message>
    <message>
        <source>返回表单</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <source>下一步：领取方式</source>
        <translation>Next: the result</translation>
    </message>
    <message>
        <source>正在连接高拍仪…</source>
        <translation>Connecting to the document camera…</translation>
    </message>
    <message>
        <source>已找到纸张，可以拍摄</source>
        <translation>Page found: ready to photograph</translation>
    </message>
    <message>
        <source>请把材料平放在拍摄区内</source>
        <translation>Place the page flat inside the frame</translation>
    </message>
    <message>
        <source>正在拍摄…</source>
        <translation>Taking the picture…</translation>
    </message>
    <message>
        <source>拍摄这一页</source>
        <translation>Photograph this page</translation>
    </message>
    <message>
        <source>完成本项材料</source>
        <translation>Done with this material</translation>
    </message>
    <message>
        <source>第 {n} 页</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <source>重拍</source>
        <translation>Retake</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>FilingReview</name>
    <message>
        <source>填写的内容</source>
        <translation>Your answers</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>结果领取方式</source>
        <translation>How you get the result</translation>
    </message>
    <message>
        <source>请核对以上信息。提交后申报保存在本机并发送到大厅，回执随即打印。</source>
        <translation>Please check the above. Once submitted, the filing is saved on this kiosk and sent to the hall, and your receipt prints.</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Back to change</translation>
    </message>
    <message>
        <source>确认提交</source>
        <translation>Submit</translation>
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
        <translation>Home</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>标准模式</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <source>长辈模式</source>
        <translation>Elder mode</translation>
    </message>
    <message>
        <source>服务热线 {phone}</source>
        <translation>Hotline {phone}</translation>
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
    <name>Help</name>
    <message>
        <source>需要帮助？</source>
        <translation>Need help?</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Home</name>
    <message>
        <source>更多服务</source>
        <translation>More services</translation>
    </message>
    <message>
        <source>您好！现在可以办理这些业务</source>
        <translation>Hello! This is what you can do now</translation>
    </message>
    <message>
        <source>您好！请选择要办理的业务</source>
        <translation>Hello! What would you like to do?</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
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
        <source>拨打服务热线 {phone}</source>
        <translation>Call the hotline {phone}</translation>
    </message>
    <message>
        <source>需要帮助？请拨打服务热线 {phone}</source>
        <translation>Need help? Call the hotline {phone}</translation>
    </message>
    <message>
        <source>见大厅公告</source>
        <translation>See the hall&apos;s notice</translation>
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
    <name>Pager</name>
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
    <name>Payment</name>
    <message>
        <source>自助缴费</source>
        <translation>Pay a fee</translation>
    </message>
    <message>
        <source>请选择要缴纳的费用</source>
        <translation>Choose the fee to pay</translation>
    </message>
    <message>
        <source>找到 {n} 笔待缴费用，请选择</source>
        <translation>{n} fees to pay were found; choose one</translation>
    </message>
    <message>
        <source>扫描申报回执上的二维码</source>
        <translation>Scan the QR code on your filing receipt</translation>
    </message>
    <message>
        <source>请将申报回执上的二维码对准下方扫码口，查找要缴的费用</source>
        <translation>Hold your filing receipt&apos;s QR code to the scanner below to find the fee</translation>
    </message>
    <message>
        <source>或者</source>
        <translation>or</translation>
    </message>
    <message>
        <source>刷身份证查找待缴费用</source>
        <translation>Find my fees with my ID card</translation>
    </message>
    <message>
        <source>缴纳其他费用（如工本费）</source>
        <translation>Pay another fee (e.g. a card fee)</translation>
    </message>
    <message>
        <source>受理号 {ref}</source>
        <translation>Filing number {ref}</translation>
    </message>
    <message>
        <source>事项编码 {ref}</source>
        <translation>Item code {ref}</translation>
    </message>
    <message>
        <source>合计 {amount}</source>
        <translation>Total {amount}</translation>
    </message>
    <message>
        <source>金额由大厅按收费标准核定</source>
        <translation>The amount is set by the hall from the published fees</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确认支付 {amount}</source>
        <translation>Pay {amount}</translation>
    </message>
    <message>
        <source>正在查询，请稍候…</source>
        <translation>Looking it up, please wait…</translation>
    </message>
    <message>
        <source>正在生成支付二维码…</source>
        <translation>Making the payment QR code…</translation>
    </message>
    <message>
        <source>正在收款，请稍候…</source>
        <translation>Taking the payment, please wait…</translation>
    </message>
    <message>
        <source>正在取消支付，请稍候…</source>
        <translation>Cancelling the payment, please wait…</translation>
    </message>
    <message>
        <source>缴费成功，正在打印缴费凭证…</source>
        <translation>Paid. Printing your payment voucher…</translation>
    </message>
    <message>
        <source>请用手机扫码支付</source>
        <translation>Scan with your phone to pay</translation>
    </message>
    <message>
        <source>或出示付款码对准扫码口</source>
        <translation>Or hold your payment code to the scanner</translation>
    </message>
    <message>
        <source>打开手机支付软件的“付款码”，对准屏幕下方的扫码口</source>
        <translation>Open the payment code in your phone&apos;s payment app and hold it to the scanner below the screen</translation>
    </message>
    <message>
        <source>取消支付</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <source>二维码 {minutes}:{seconds} 后失效</source>
        <translation>The QR code expires in {minutes}:{seconds}</translation>
    </message>
    <message>
        <source>输入密码或确认后，本机会自动打印缴费凭证。请不要离开。</source>
        <translation>Once you confirm, this kiosk prints your payment voucher. Please stay here.</translation>
    </message>
    <message>
        <source>订单号 {number}</source>
        <translation>Order number {number}</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>再试一次</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>换一种方式</source>
        <translation>Another way</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>办件查询</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>扫描回执上的二维码</source>
        <translation>Scan the QR code on your receipt</translation>
    </message>
    <message>
        <source>请将申报回执上的二维码对准下方扫码口</source>
        <translation>Hold the QR code of your filing receipt under the scanner below</translation>
    </message>
    <message>
        <source>或者</source>
        <translation>or</translation>
    </message>
    <message>
        <source>刷身份证查询</source>
        <translation>Use my ID card</translation>
    </message>
    <message>
        <source>正在查询，请稍候…</source>
        <translation>Looking it up, please wait…</translation>
    </message>
    <message>
        <source>正在打印办理结果…</source>
        <translation>Printing the result…</translation>
    </message>
    <message>
        <source>找到 {n} 件申报，请选择要查看的一件</source>
        <translation>{n} filings found; choose one to see</translation>
    </message>
    <message>
        <source>受理号 {number}</source>
        <translation>Filing number {number}</translation>
    </message>
    <message>
        <source>办理状态：{status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>更新于 {time}</source>
        <translation>Updated {time}</translation>
    </message>
    <message>
        <source>工作人员说明：{note}</source>
        <translation>Note from staff: {note}</translation>
    </message>
    <message>
        <source>打印办理结果</source>
        <translation>Print the result</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
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
        <source>您正在评价</source>
        <translation>You are rating</translation>
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
    <name>Reader</name>
    <message>
        <source>上一屏</source>
        <translation>Scroll up</translation>
    </message>
    <message>
        <source>下一屏</source>
        <translation>Scroll down</translation>
    </message>
</context>
<context>
    <name>Reading</name>
    <message>
        <source>请将身份证平放在读卡区</source>
        <translation>Place your ID card flat on the reader</translation>
    </message>
    <message>
        <source>读卡区在屏幕下方的台面上（见上图）
放好后请勿移动</source>
        <translation>The reader is on the desk below the screen (see the picture).
Keep the card still once it is there.</translation>
    </message>
    <message>
        <source>取消读卡</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在等待读卡，还剩 {seconds} 秒</source>
        <translation>Waiting for the card: {seconds} seconds left</translation>
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
        <source>暂时不能取号</source>
        <translation>No number right now</translation>
    </message>
    <message>
        <source>刷身份证取号</source>
        <translation>Take a number with your ID card</translation>
    </message>
    <message>
        <source>没有读到身份证</source>
        <translation>No ID card was read</translation>
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
        <source>再试一次</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>请点选您要办理的业务，点一下即取号</source>
        <translation>Tap the service you need: one tap takes your number</translation>
    </message>
    <message>
        <source>选择其他业务</source>
        <translation>Choose another service</translation>
    </message>
    <message>
        <source>重新读卡</source>
        <translation>Read again</translation>
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
        <source>确认退出</source>
        <translation>Confirm quit</translation>
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
        <source>{valid} · 取号时间 {time}</source>
        <translation>{valid} · issued at {time}</translation>
    </message>
    <message>
        <source>请记住您的号码 {number}，或用手机拍下本页</source>
        <translation>Please remember your number {number}, or take a photo of this screen</translation>
    </message>
    <message>
        <source>请取走排队小票，留意叫号</source>
        <translation>Please take your ticket and listen for your number</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Voice</name>
    <message>
        <source>语音引导：开</source>
        <translation>Voice guide: on</translation>
    </message>
    <message>
        <source>语音引导</source>
        <translation>Voice guide</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>本机暂时连不上大厅的排队系统：取号和签到已暂停，办事指南显示本机保存的版本。</source>
        <translation>This kiosk cannot reach the hall&apos;s queue system: taking numbers and check-in are paused; the guide shows the copy kept here.</translation>
    </message>
    <message>
        <source>本机已保存 {n} 份申报，恢复连接后将自动发送。</source>
        <translation> {n} filings are kept on this kiosk and will be sent when the hall is back.</translation>
    </message>
    <message>
        <source>{n} 秒后将返回首页并清除您的信息</source>
        <translation>Going back to the home screen in {n} s and clearing your details</translation>
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
