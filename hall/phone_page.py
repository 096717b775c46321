"""The phone's page behind the kiosk's QR code (``GET /m/{token}``): mobile-first, Chinese first with an English
switch, everything inline (no external asset, a strict Content-Security-Policy). Two big buttons, "take a photo"
(the camera) and "choose files" (images and PDF, several at once); each file is PUT as raw bytes to
``/m/{token}/files?name=…`` one after another and listed with a tick or the reason it was refused."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from html import escape
from typing import Literal

from fastapi.responses import HTMLResponse

from common.hallapi.uploads import MAX_PHONE_FILES, PhoneFileOut
from devices.words import Words
from hall.body_limit import size_words
from hall.phone_upload import ENDED, EXPIRED, INVALID

Lang = Literal["zh", "en"]
CHECK_EVERY_MS = 15000


@dataclass(frozen=True)
class Texts:
    name: str
    html_lang: str
    title: str
    heading: str
    material: str
    photo: str
    files: str
    limits: str
    sent_heading: str
    count: str
    sending: str
    sent: str
    not_sent: str
    again: str
    too_big: str
    wrong_type: str
    too_many: str
    failed: str
    network: str
    done_hint: str


# fmt: off
TEXTS: dict[Lang, Texts] = {
    "zh": Texts(
        name="中文", html_lang="zh-CN", title="手机上传材料", heading="从手机上传材料", material="材料：{}",
        photo="拍照", files="选择文件", limits="可上传照片（JPEG、PNG）或 PDF，每个文件最大 {size}，最多 {count} 个。",
        sent_heading="已发送", count="{n} / {max}", sending="正在发送…", sent="已发送",
        not_sent="未发送", again="已发送过",
        too_big="文件太大，每个文件最大 {size}", wrong_type="只能上传照片（JPEG、PNG）或 PDF 文件",
        too_many="每次最多上传 {count} 个文件", failed="发送失败，请重试",
        network="网络连接中断，请检查网络后重试",
        done_hint="发送完成后，请回到自助终端屏幕继续办理。",
    ),
    "en": Texts(
        name="English", html_lang="en", title="Send materials from your phone", heading="Send materials",
        material="Material: {}", photo="Take a photo", files="Choose files",
        limits="Photos (JPEG, PNG) or PDF files, at most {size} each, up to {count} files.",
        sent_heading="Sent", count="{n} / {max}", sending="Sending…", sent="Sent",
        not_sent="Not sent", again="Already sent",
        too_big="The file is too large: at most {size} per file.",
        wrong_type="Only photos (JPEG, PNG) or PDF files can be sent.",
        too_many="At most {count} files can be sent in one upload.", failed="Sending failed. Please try again.",
        network="The connection was lost. Check your network and try again.",
        done_hint="When you are done, continue on the kiosk's screen.",
    ),
}
# fmt: on
STYLE = """*{box-sizing:border-box}body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;font-size:18px;
color:#222;background:#f5f6f8}header{display:flex;justify-content:space-between;align-items:center;
padding:.7em 1em;background:#1a5fb4;color:#fff}header a{color:#fff;padding:.3em .6em;border:1px solid #fff;
border-radius:.4em;text-decoration:none}main{max-width:32em;margin:auto;padding:1em}h1{font-size:1.4em;margin:.3em 0}
.material{font-weight:bold;color:#1a5fb4}.big{display:block;margin:.8em 0;padding:1.1em;border-radius:.7em;
text-align:center;font-size:1.25em;font-weight:bold;color:#fff;background:#26a269;cursor:pointer}
.big.files{background:#1a5fb4}.big input{position:absolute;width:1px;height:1px;opacity:0}.limits{color:#555;
font-size:.9em}h2{font-size:1.1em;display:flex;justify-content:space-between;align-items:baseline;margin-top:1.2em}ul{list-style:none;
padding:0;margin:0}li{display:flex;align-items:center;gap:.6em;background:#fff;border-radius:.5em;padding:.5em;
margin:.4em 0}li img,li .doc{width:54px;height:54px;object-fit:cover;border-radius:.3em;flex:none}li .doc{
background:#deddda;display:flex;align-items:center;justify-content:center;font-size:13px;font-weight:bold}
li .what{flex:1;min-width:0}li .fname{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
li .status{font-size:.85em;color:#555}li .mark{font-size:1.6em;width:1.2em;text-align:center;flex:none}
li.ok .mark{color:#26a269}li.bad .mark{color:#c01c28}li.bad .status{color:#c01c28;font-weight:bold}
.closed{margin-top:2em;padding:1.2em;border-radius:.7em;background:#fff;border:2px solid #c01c28;color:#c01c28;
font-size:1.15em;font-weight:bold;text-align:center}.hint{color:#555;margin-top:1.5em}"""
# One file at a time, so a slow link sends the first photo whole before the next; a refusal stops only that file,
# an ended or expired session ("closed") takes the buttons away. The page also asks whether its session is still
# open every CHECK_EVERY_MS and whenever it comes back into view (from the camera app, say), so a citizen who
# finished at the kiosk sees at once that the link has ended.
SCRIPT = """const C=JSON.parse(document.getElementById('config').textContent);
const list=document.getElementById('sent'),count=document.getElementById('count');
let n=C.sent;
function row(name,size,kind,file){const li=document.createElement('li');
const badge=()=>Object.assign(document.createElement('span'),
{className:'doc',textContent:kind==='application/pdf'?'PDF':'FILE'});
let pic=badge();if(file&&kind.startsWith('image/')){pic=Object.assign(document.createElement('img'),
{src:URL.createObjectURL(file),alt:''});pic.addEventListener('error',()=>pic.replaceWith(badge()))}
const what=document.createElement('span');what.className='what';
const fname=Object.assign(document.createElement('div'),{className:'fname',textContent:name});
const status=Object.assign(document.createElement('div'),{className:'status',textContent:C.t.sending});
what.append(fname,status);const mark=Object.assign(document.createElement('span'),{className:'mark'});
li.append(pic,what,mark);list.prepend(li);return li}
function settle(li,ok,text){li.className=ok?'ok':'bad';li.querySelector('.status').textContent=text;
li.querySelector('.mark').textContent=ok?'\\u2713':'\\u2717'}
let over=false;
function closed(text){over=true;document.querySelectorAll('.big,.limits').forEach(e=>e.remove());
const box=document.getElementById('closed');box.textContent=text;box.hidden=false}
async function send(file){const li=row(file.name,file.size,file.type||'',file);
if(file.size>C.maxBytes){settle(li,false,C.t.too_big);return true}
let answer;try{answer=await fetch(C.put+'?name='+encodeURIComponent(file.name),{method:'PUT',body:file,
headers:{'Content-Type':file.type||'application/octet-stream'}})}catch(e){settle(li,false,C.t.network);return true}
let body={};try{body=await answer.json()}catch(e){}
if(answer.ok){if(answer.status===201){n++;count.textContent=C.t.count.replace('{n}',n)}
settle(li,true,answer.status===201?C.t.sent:C.t.again);return true}
const text=C.errors[body.error]||C.t.failed;
if(answer.status===410||answer.status===404){settle(li,false,C.t.not_sent);closed(text);return false}
settle(li,false,text);return true}
document.querySelectorAll('input[type=file]').forEach(input=>input.addEventListener('change',async()=>{
const files=[...input.files];input.value='';for(const f of files){if(!await send(f))break}}));
async function check(){if(over||document.hidden)return;let answer;try{answer=await fetch(C.state,{cache:'no-store'})}
catch(e){return}if(answer.status===410||answer.status===404){let body={};try{body=await answer.json()}catch(e){}
closed(C.errors[body.error]||C.t.failed)}}
setInterval(check,C.checkEvery);document.addEventListener('visibilitychange',check);"""


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _say(words: Words, lang: Lang) -> str:
    return words.zh if lang == "zh" else words.en


def _file_row(file: PhoneFileOut, t: Texts) -> str:
    badge = "PDF" if file.content_type == "application/pdf" else "IMG"
    return (
        f'<li class="ok"><span class="doc">{badge}</span><span class="what"><div class="fname">{escape(file.name)}'
        f'</div><div class="status">{escape(t.sent)}</div></span><span class="mark">\u2713</span></li>'
    )


def _document(lang: Lang, hall_name: str, switch: str, body: str, nonce: str = "") -> str:
    t = TEXTS[lang]
    return f"""<!doctype html><html lang="{t.html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>{escape(t.title)}</title><style{f' nonce="{nonce}"' if nonce else ""}>{STYLE}</style></head><body>
<header><span>{escape(hall_name)}</span>{switch}</header><main>{body}</main></body></html>"""


def _headers(nonce: str) -> dict[str, str]:
    # Only this page's own inline script and style run; it talks to the hall only; nothing is cached or referred.
    policy = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src blob:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {"content-security-policy": policy, "cache-control": "no-store", "referrer-policy": "no-referrer"}


def _switch(token: str, lang: Lang) -> str:
    other: Lang = "en" if lang == "zh" else "zh"
    return f'<a class="lang" href="/m/{escape(token)}?lang={other}">{escape(TEXTS[other].name)}</a>'


def upload_page(
    token: str, lang: Lang, *, hall_name: str, material: str | None, sent: list[PhoneFileOut], max_bytes: int
) -> HTMLResponse:
    t, nonce = TEXTS[lang], secrets.token_urlsafe(16)
    size = size_words(max_bytes)
    filled = {"{size}": size, "{count}": str(MAX_PHONE_FILES), "{max}": str(MAX_PHONE_FILES)}
    words = {key: _fill(text, filled) for key, text in asdict(t).items()}
    errors = {
        "body_too_large": words["too_big"],
        "wrong_type": words["wrong_type"],
        "too_many_files": words["too_many"],
        "link_expired": _say(EXPIRED, lang),
        "session_ended": _say(ENDED, lang),
        "link_invalid": _say(INVALID, lang),
    }
    config = {
        "put": f"/m/{token}/files",
        "state": f"/m/{token}/state",
        "checkEvery": CHECK_EVERY_MS,
        "maxBytes": max_bytes,
        "sent": len(sent),
        "t": words,
        "errors": errors,
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    count = words["count"].replace("{n}", str(len(sent)))
    about = f'<p class="material">{escape(t.material.format(material))}</p>' if material else ""
    rows = "".join(_file_row(f, t) for f in reversed(sent))
    body = f"""<h1>{escape(t.heading)}</h1>{about}
<label class="big photo"><input type="file" id="photo" accept="image/*" capture="environment">{escape(t.photo)}</label>
<label class="big files"><input type="file" id="files" accept="image/jpeg,image/png,application/pdf,image/*" multiple>
{escape(t.files)}</label><p class="limits">{escape(words["limits"])}</p>
<div id="closed" class="closed" role="alert" hidden></div>
<h2><span>{escape(t.sent_heading)}</span><span id="count">{escape(count)}</span></h2>
<ul id="sent">{rows}</ul><p class="hint">{escape(t.done_hint)}</p>
<script type="application/json" id="config">{config_json}</script><script nonce="{nonce}">{SCRIPT}</script>"""
    return HTMLResponse(_document(lang, hall_name, _switch(token, lang), body, nonce), headers=_headers(nonce))


def refusal_page(token: str, lang: Lang, *, hall_name: str, words: Words, status: int) -> HTMLResponse:
    """The page a phone gets for a link that is not valid (404) or no longer works (410): the reason in words."""
    nonce = secrets.token_urlsafe(16)
    heading = escape(TEXTS[lang].heading)
    body = f'<h1>{heading}</h1><div class="closed" role="alert">{escape(_say(words, lang))}</div>'
    page = _document(lang, hall_name, _switch(token, lang), body, nonce)
    return HTMLResponse(page, status_code=status, headers=_headers(nonce))
