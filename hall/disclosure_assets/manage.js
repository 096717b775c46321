"use strict";
// The supervisors' 政务公开 page: every change goes through the hall's API with the supervisor token from the URL
// fragment (#token=…), so each is checked and written to the audit log like any other supervisor action.
// Everything shown is set as text (textContent), never as markup.
const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
const KINDS = { notice: "通知公告", policy: "政策文件" };
const form = document.getElementById("notice");
let editing = null; // the notice being edited, or null for a new one
let kept = []; // the attachments the edited notice already has

function say(id, text) {
  const p = document.getElementById(id);
  p.textContent = text;
  p.hidden = !text;
}

async function api(method, path, body, type) {
  const headers = { Authorization: "Bearer " + token };
  if (body !== undefined) headers["Content-Type"] = type || "application/json";
  const answer = await fetch(path, { method, headers, body: type || body === undefined ? body : JSON.stringify(body) });
  const data = await answer.json().catch(() => ({}));
  if (answer.status === 401 || answer.status === 403) throw new Error("令牌无效或无权限 / the token is not a supervisor's");
  if (!answer.ok) throw new Error(data.message || "HTTP " + answer.status);
  return data;
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function action(td, label, run, danger) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (danger) b.className = "danger";
  b.addEventListener("click", () => run().catch((e) => say("problem", e.message)));
  td.appendChild(b);
}

function show(notices) {
  const body = document.getElementById("rows");
  body.replaceChildren();
  for (const n of notices) {
    const tr = document.createElement("tr");
    tr.dataset.notice = String(n.id);
    if (n.status === "withdrawn") tr.className = "withdrawn";
    const title = cell(tr, "");
    if (n.pinned) {
      const pin = document.createElement("span");
      pin.className = "pin";
      pin.textContent = "置顶";
      title.appendChild(pin);
    }
    title.appendChild(document.createTextNode(n.title + (n.number ? " · " + n.number : "")));
    cell(tr, KINDS[n.kind] || n.kind);
    cell(tr, n.date);
    cell(tr, n.status === "withdrawn" ? "已撤回 Withdrawn" : "已发布 Published");
    const td = cell(tr, "");
    td.className = "actions";
    if (n.status === "published") {
      action(td, "编辑 Edit", async () => edit(n));
      action(td, n.pinned ? "取消置顶 Unpin" : "置顶 Pin", async () => {
        await api("POST", `/api/v1/disclosure/notices/${n.id}/pin`, { pinned: !n.pinned });
        await refresh();
      });
      action(td, "撤回 Withdraw", async () => {
        if (!confirm("撤回后公众和自助终端将看不到该公告。确定撤回？ / Withdraw this notice?")) return;
        await api("POST", `/api/v1/disclosure/notices/${n.id}/withdraw`);
        say("done", "已撤回 / withdrawn: " + n.title);
        await refresh();
      }, true);
    }
    body.appendChild(tr);
  }
}

function edit(n) {
  editing = n;
  kept = n.attachments.map((a) => ({ sha256: a.sha256, name: a.name }));
  for (const key of ["kind", "title", "issuer", "number", "date", "body"]) form.elements[key].value = n[key];
  form.elements.pinned.checked = n.pinned;
  const list = document.getElementById("kept");
  list.replaceChildren(...kept.map((a) => Object.assign(document.createElement("li"), { textContent: a.name })));
  document.getElementById("form-title").textContent = "编辑公告 Edit notice";
  document.getElementById("submit").textContent = "保存 Save";
  document.getElementById("cancel").hidden = false;
  form.scrollIntoView();
}

function reset() {
  editing = null;
  kept = [];
  form.reset();
  document.getElementById("kept").replaceChildren();
  document.getElementById("form-title").textContent = "发布新公告 New notice";
  document.getElementById("submit").textContent = "发布 Publish";
  document.getElementById("cancel").hidden = true;
}

async function submit(event) {
  event.preventDefault();
  say("problem", "");
  say("done", "");
  try {
    const files = [...kept];
    for (const file of form.elements.files.files) {
      const stored = await api("POST", "/api/v1/disclosure/attachments", file, file.type || "application/octet-stream");
      files.push({ sha256: stored.sha256, name: file.name });
    }
    const body = {
      kind: form.elements.kind.value,
      title: form.elements.title.value,
      issuer: form.elements.issuer.value,
      number: form.elements.number.value,
      date: form.elements.date.value,
      body: form.elements.body.value,
      pinned: form.elements.pinned.checked,
      attachments: files,
    };
    const saved = editing
      ? await api("PUT", `/api/v1/disclosure/notices/${editing.id}`, body)
      : await api("POST", "/api/v1/disclosure/notices", body);
    say("done", (editing ? "已保存 / saved: " : "已发布 / published: ") + saved.title);
    reset();
    await refresh();
  } catch (error) {
    say("problem", error.message);
  }
}

async function refresh() {
  if (!token) { say("problem", "缺少令牌：请在地址后加 #token=… / no token: add #token=… to the address"); return; }
  try {
    show((await api("GET", "/api/v1/disclosure/notices")).notices);
  } catch (error) {
    say("problem", error.message === "Failed to fetch" ? "无法连接大厅服务 / cannot reach the hall" : error.message);
  }
}

form.addEventListener("submit", submit);
document.getElementById("cancel").addEventListener("click", reset);
refresh();
