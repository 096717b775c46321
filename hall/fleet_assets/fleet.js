"use strict";
// The supervisors' device page: reads GET /api/v1/devices every 5 s with the token from the URL fragment.
const STATES = { ready: "正常 Ready", degraded: "需留意 Degraded", fault: "故障 Fault", offline: "离线 Offline" };
const REASONS = { no_answer: "无应答 No answer", disconnected: "未连接 Disconnected" };
const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString("zh-CN", { hour12: false }) : "—";
}

function show(devices) {
  const body = document.getElementById("rows");
  body.replaceChildren();
  for (const d of devices) {
    const tr = document.createElement("tr");
    tr.className = d.silent ? "silent" : d.state === "ready" ? "ready" : d.state === "degraded" ? "degraded" : "bad";
    tr.dataset.device = d.source + "/" + d.device;
    cell(tr, d.source);
    cell(tr, d.name);
    const reason = d.reasons.map((r) => REASONS[r]).filter(Boolean)[0];
    const state = reason && d.state !== "ready" ? reason : STATES[d.state] || d.state;
    cell(tr, state + (d.silent ? " · 来源无报告 source silent" : ""), "state");
    cell(tr, d.message);
    cell(tr, when(d.last_seen));
    body.appendChild(tr);
  }
  document.getElementById("updated").textContent = "更新 Updated " + when(new Date().toISOString());
}

function problem(text) {
  const p = document.getElementById("problem");
  p.textContent = text;
  p.hidden = !text;
}

async function refresh() {
  if (!token) { problem("缺少令牌：请在地址后加 #token=… / no token: add #token=… to the address"); return; }
  try {
    const answer = await fetch("/api/v1/devices", { headers: { Authorization: "Bearer " + token } });
    if (answer.status === 401 || answer.status === 403) {
      problem("令牌无效或无权限 / the token is not valid for this page");
      return;
    }
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    show((await answer.json()).devices);
    problem("");
  } catch (error) {
    problem("无法连接大厅服务，稍后重试 / cannot reach the hall, retrying");
  }
}

refresh();
setInterval(refresh, 5000);
