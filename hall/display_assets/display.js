// The main calling display: reads the hall's queue and its live event stream with a display token taken from
// the URL fragment (#token=…, never sent to any server in a URL). EventSource cannot send an Authorization
// header, so the stream is read with fetch() and parsed here; after an error it resumes with Last-Event-ID.
"use strict";
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  const query = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const RECENT = 6; // three rows of two under the current call
  const QUIET_LIMIT_MS = 40000; // the server sends a keep-alive every 15 s; this long without a byte is a dead link
  const RESYNC_MS = 60000; // counts are checked against GET /api/v1/queue this often
  const state = { windows: new Map(), categories: new Map(), recent: [], lastId: null, delay: 1000 };
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  function problem(text) {
    $("problem").textContent = text;
    $("problem").hidden = !text;
  }

  function link(up, text) {
    $("link").textContent = text;
    $("link").classList.toggle("down", !up);
  }

  function api(path, signal) {
    return fetch(path, { headers: { Authorization: "Bearer " + token }, cache: "no-store", signal });
  }

  // -- rendering ----------------------------------------------------------------------------------------------
  const IDLE = [...$("hero").children].map((node) => node.cloneNode(true)); // 欢迎光临, as the page comes

  function renderHero(call, fresh) {
    const hero = $("hero");
    if (!call) {
      if (!hero.classList.contains("idle")) hero.replaceChildren(...IDLE.map((node) => node.cloneNode(true)));
      hero.classList.add("idle");
      return;
    }
    hero.classList.remove("idle");
    $("hero-number").textContent = call.number;
    const line = $("hero-window");
    line.replaceChildren("请到 ", el("b", "", String(call.window)), " 号窗口办理");
    line.appendChild(el("span", "en", "Window " + call.window));
    $("hero-recall").hidden = !call.recalls;
    if (fresh) {
      hero.classList.remove("fresh");
      void hero.offsetWidth; // restart the blinking for a call that follows another at once
      hero.classList.add("fresh");
    }
  }

  function renderRecent() {
    $("recent").replaceChildren(
      ...state.recent.map((call, index) => {
        const row = el("li", index === 0 ? "first" : "");
        row.append(el("span", "num", call.number), el("span", "win", call.window + "号窗口"));
        return row;
      }),
    );
  }

  function renderWindows() {
    const rows = [...state.windows.values()].sort((a, b) => a.number - b.number).map((w) => {
      const row = el("tr", w.paused ? "paused" : w.serving ? "" : "empty");
      row.append(el("td", "", w.name || w.number + "号窗口"));
      row.append(el("td", "", w.paused ? "暂停服务" : w.serving || "—"));
      return row;
    });
    $("windows").tBodies[0].replaceChildren(...rows);
    $("windows").classList.toggle("many", rows.length > 6);
  }

  function renderWaiting() {
    const list = $("waiting");
    list.classList.remove("two");
    list.replaceChildren(
      ...[...state.categories.values()].map((c) => {
        const item = el("li", c.open === false ? "closed" : "");
        item.append(el("span", "", c.prefix + " " + c.name_zh));
        const count = el("b", "", String(c.waiting));
        count.appendChild(el("small", "", c.open === false ? "人 停办" : "人"));
        item.appendChild(count);
        return item;
      }),
    );
    // One row per category while they fit under the windows; two smaller columns for a larger hall.
    if (list.scrollHeight > list.clientHeight + 1) list.classList.add("two");
  }

  function renderAll() {
    renderWindows();
    renderWaiting();
    renderRecent();
  }

  // -- the queue's state --------------------------------------------------------------------------------------
  function takeSnapshot(snapshot) {
    state.categories = new Map(snapshot.categories.map((c) => [c.prefix, c]));
    state.windows = new Map(snapshot.windows.map((w) => [w.number, w]));
    // The hall's latest calls of the day, newest first: a display that has just (re)loaded shows the latest in
    // its big box, as if it had been on when it was called. (A hall older than the list: the numbers served.)
    // A new service day starts with no calls: the big box greets again.
    const calls = snapshot.calls || [];
    state.recent = calls.slice(0, RECENT).map((c) => ({ number: c.number, window: c.window, recalls: c.recalls }));
    renderHero(state.recent[0] || null, false);
    renderAll();
  }

  function setWaiting(data) {
    const category = state.categories.get(data.category);
    if (category && typeof data.waiting === "number") category.waiting = data.waiting;
  }

  function freeWindow(number, ticket) {
    const window = state.windows.get(number);
    if (window && window.serving === ticket) window.serving = null;
  }

  const HANDLERS = {
    snapshot: takeSnapshot,
    "ticket.issued": setWaiting,
    "ticket.pinned": setWaiting,
    "ticket.called": (data) => {
      setWaiting(data);
      const window = state.windows.get(data.window);
      if (window) window.serving = data.number;
      state.recent = [data, ...state.recent.filter((c) => c.number !== data.number)].slice(0, RECENT);
      renderHero(data, true);
    },
    "ticket.completed": (data) => {
      setWaiting(data);
      freeWindow(data.window, data.number);
    },
    "ticket.missed": (data) => {
      setWaiting(data);
      freeWindow(data.window, data.number);
    },
    "ticket.transferred": (data) => {
      setWaiting(data);
      freeWindow(data.from_window, data.number);
    },
    "ticket.cancelled": setWaiting, // given up on the ticket's phone page: one fewer waiting
    "window.paused": (data) => {
      const window = state.windows.get(data.window);
      if (window) window.paused = data.paused;
    },
  };

  function dispatch(message) {
    if (message.id !== null) state.lastId = message.id;
    const handle = HANDLERS[message.event];
    if (!handle || !message.data) return;
    handle(JSON.parse(message.data));
    renderAll();
  }

  // -- the event stream ---------------------------------------------------------------------------------------
  // One message is lines up to a blank line: "id: …", "event: …", "data: …" (several are joined), ": comment".
  function parseMessage(block) {
    const message = { id: null, event: "message", data: "" };
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") message.id = value;
      else if (field === "event") message.event = value;
      else if (field === "data") data.push(value);
    }
    message.data = data.join("\n");
    return message;
  }

  async function follow() {
    const controller = new AbortController();
    let quietTimer = setTimeout(() => controller.abort(), QUIET_LIMIT_MS);
    const path = "/api/v1/events" + (state.lastId ? "?after=" + encodeURIComponent(state.lastId) : "");
    const response = await api(path, controller.signal);
    if (response.status === 401 || response.status === 403) throw new Error("token");
    if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
    link(true, "实时 · Live");
    problem("");
    state.delay = 1000;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => controller.abort(), QUIET_LIMIT_MS);
        buffer += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          dispatch(parseMessage(block));
        }
      }
    } finally {
      clearTimeout(quietTimer);
      controller.abort();
    }
  }

  async function run() {
    for (;;) {
      try {
        await follow();
      } catch (error) {
        if (String(error && error.message) === "token") {
          problem("显示令牌无效或已撤销\nThe display token is not valid");
          link(false, "令牌无效 · Bad token");
          state.delay = 30000;
        } else {
          link(false, "重新连接中 · Reconnecting");
          state.delay = Math.min(state.delay * 2, 15000);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, state.delay));
    }
  }

  async function resync() {
    try {
      const response = await api("/api/v1/queue");
      if (response.ok) takeSnapshot(await response.json());
    } catch (error) {
      // the stream's own reconnecting reports the link; a missed check is made up next time
    }
  }

  async function loadInfo() {
    let notice = query.get("notice") || "";
    try {
      const response = await api("/api/v1/display/info");
      if (response.ok) {
        const info = await response.json();
        $("hall").textContent = info.hall;
        if (info.timezone) setZone(info.timezone);
        // The hall server's clock, not the TV's (a TV box often keeps no time of its own).
        if (info.now) clock.skew = Date.parse(info.now) - Date.now();
        tick();
        document.title = info.hall + " · 叫号屏";
        notice = notice || info.notice;
      }
    } catch (error) {
      // the notice and the hall's name are decoration; the calls matter
    }
    const scroll = $("notice");
    scroll.replaceChildren(el("span", "", notice), el("span", "", notice));
    scroll.style.setProperty("--scroll-seconds", Math.max(20, notice.length * 0.45) + "s");
  }

  // -- the clock: the hall's time zone (in the page, and from the hall's info), never the TV's own ------------
  const clock = { zone: document.body.dataset.timezone || undefined, skew: 0, format: null };
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  function setZone(zone) {
    const options = { year: "numeric", month: "numeric", day: "numeric", weekday: "short", hour: "2-digit" };
    Object.assign(options, { minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    try {
      clock.format = new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone });
      clock.zone = zone;
    } catch (error) {
      clock.format = clock.format || new Intl.DateTimeFormat("en-US", options); // an unknown zone: keep the last
    }
  }

  function tick() {
    const parts = {};
    for (const part of clock.format.formatToParts(new Date(Date.now() + clock.skew))) parts[part.type] = part.value;
    const week = "日一二三四五六"[WEEKDAYS.indexOf(parts.weekday)];
    $("date").textContent = `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 星期${week}`;
    $("time").textContent = `${parts.hour}:${parts.minute}:${parts.second}`;
  }

  setZone(clock.zone);
  tick();
  setInterval(tick, 1000);
  if (!token) {
    problem("请用显示令牌打开本页\nOpen this page as /display#token=… with a display token");
    link(false, "无令牌 · No token");
    return;
  }
  loadInfo();
  resync();
  run();
  setInterval(resync, RESYNC_MS);
})();
