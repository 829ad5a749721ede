// The LAM console page: one event stream (state, map, frame), the camera pulled one frame at a
// time, and JSON commands. Text from the graph is shown with textContent only.
"use strict";

const token = new URLSearchParams(window.location.search).get("token") || "";
const $ = (id) => document.getElementById(id);

function url(path, params) {
  const q = new URLSearchParams(params || {});
  if (token) q.set("token", token);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

let clientId = 0;
let cancelOnClose = false;

async function post(path, body, replyEl) {
  if (replyEl) { replyEl.textContent = "…"; replyEl.classList.remove("error"); }
  try {
    const res = await fetch(url(path), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { error: `HTTP ${res.status}` }; }
    if (replyEl) {
      replyEl.textContent = res.ok ? describe(path, data) : `${res.status}: ${data.error || "refused"}`;
      replyEl.classList.toggle("error", !res.ok);
    }
    return { ok: res.ok, data };
  } catch (e) {
    if (replyEl) { replyEl.textContent = "the console is not reachable"; replyEl.classList.add("error"); }
    return { ok: false, data: {} };
  }
}

function describe(path, data) {
  if (path === "api/goal") return `accepted: ${data.goal}`;
  if (path === "api/cancel") return `cancelled ${data.cancelled} goal(s)`;
  if (path === "api/stop" || path === "api/release") {
    const word = data.estop ? "e-stop ENGAGED" : "e-stop released";
    return data.warning ? `${word} (${data.warning})` : `${word}: ${data.subscribers} subscriber(s)`;
  }
  return "ok";
}

// ---------------------------------------------------------------- camera: one frame in flight
let wantedSeq = 0, shownSeq = 0, loading = false, framesShown = 0;

function loadFrame() {
  if (loading || wantedSeq <= shownSeq) return;
  loading = true;
  const seq = wantedSeq;
  const img = new Image();
  img.onload = () => {  // the loaded image replaces the shown one: no second request, no second decode
    img.id = "camera";
    img.alt = $("camera").alt;
    $("camera").replaceWith(img);
    shownSeq = seq;
    framesShown += 1;
    $("frame-count").textContent = String(framesShown);
    loading = false;
    loadFrame();
  };
  img.onerror = () => { loading = false; shownSeq = seq; };
  img.src = url("camera.jpg", { seq: String(seq) });
}

// ---------------------------------------------------------------- floor map
// The cells are drawn once per map event into an offscreen canvas; each state only copies it and
// draws the scan and the robot. The view (odom metres -> pixels) grows when something falls outside.
let map = { resolution_m: 0.05, cells: [] };
let view = null;  // {cx, cy, scale}
const cellLayer = document.createElement("canvas");
let last = null;

function fitView(w, h) {
  const res = map.resolution_m, pose = last && last.pose, scan = (last && last.scan) || [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const grow = (x, y) => { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); };
  for (let k = 0; k < map.cells.length; k += 2) grow(map.cells[k] * res, map.cells[k + 1] * res);
  for (let k = 0; k < scan.length; k += 2) grow(scan[k], scan[k + 1]);
  if (pose) grow(pose.x_m, pose.y_m);
  if (!isFinite(minX)) return false;
  if (view) {  // keep the view while everything is inside it
    const inside = (x, y) => Math.abs(x - view.cx) * view.scale < w / 2 - 4 && Math.abs(y - view.cy) * view.scale < h / 2 - 4;
    if (inside(minX, minY) && inside(maxX, maxY)) return false;
  }
  const span = Math.max(maxX - minX, maxY - minY, 2) + 2.0;
  view = { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, scale: Math.min(w, h) / span };
  return true;
}

function drawCells(w, h) {
  cellLayer.width = w;
  cellLayer.height = h;
  const ctx = cellLayer.getContext("2d"), res = map.resolution_m;
  ctx.fillStyle = "#9aa5b5";
  const cell = Math.max(1, res * view.scale);
  for (let k = 0; k < map.cells.length; k += 2) {
    ctx.fillRect(w / 2 + (map.cells[k] * res - view.cx) * view.scale, h / 2 - ((map.cells[k + 1] + 1) * res - view.cy) * view.scale, cell, cell);
  }
}

function drawMap(cellsChanged) {
  const canvas = $("map");
  const w = canvas.width, h = canvas.height;
  const refit = fitView(w, h);
  if (!view) return;
  if (refit || cellsChanged) drawCells(w, h);
  const ctx = canvas.getContext("2d");
  const px = (x) => w / 2 + (x - view.cx) * view.scale;
  const py = (y) => h / 2 - (y - view.cy) * view.scale;  // y up
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(cellLayer, 0, 0);
  const low = (last && last.low) || [];
  ctx.fillStyle = "#f28c1d";
  const side = Math.max(3, 0.05 * view.scale);  // a 5 cm cell
  for (let k = 0; k < low.length; k += 2) ctx.fillRect(px(low[k]) - side / 2, py(low[k + 1]) - side / 2, side, side);
  const scan = (last && last.scan) || [];
  ctx.fillStyle = "#1d6ff2";
  for (let k = 0; k < scan.length; k += 2) ctx.fillRect(px(scan[k]) - 1.5, py(scan[k + 1]) - 1.5, 3, 3);
  const pose = last && last.pose;
  if (pose) {
    const r = Math.max(6, 0.25 * view.scale), yaw = pose.yaw_rad, x = px(pose.x_m), y = py(pose.y_m);
    ctx.fillStyle = "#d62828";
    ctx.beginPath();
    ctx.moveTo(x + r * Math.cos(yaw), y - r * Math.sin(yaw));
    ctx.lineTo(x + r * Math.cos(yaw + 2.5), y - r * Math.sin(yaw + 2.5));
    ctx.lineTo(x + r * Math.cos(yaw - 2.5), y - r * Math.sin(yaw - 2.5));
    ctx.closePath();
    ctx.fill();
  }
}

// ---------------------------------------------------------------- state
// Only what changed is written to the page: an unchanged text still costs the browser a layout.
function setText(id, text) {
  const el = $(id);
  if (el.textContent !== text) el.textContent = text;
}

function setBadge(el, text, cls) {
  if (el.textContent === text && (cls ? el.classList.contains(cls) : el.classList.length === 1)) return;
  el.textContent = text;
  el.classList.remove("ok", "bad");
  if (cls) el.classList.add(cls);
}

let shownPlan = "";

function render(s) {
  const previous = last;
  last = s;
  const e = s.estop;
  const engaged = e.executor === true || (e.executor === null && e.sent === true);
  const known = e.executor !== null || e.sent !== null;
  setBadge($("estop-state"), known ? (engaged ? "e-stop ENGAGED" : "e-stop released") : "e-stop: unknown",
           known ? (engaged ? "bad" : "ok") : "");

  const g = s.goal;
  setText("goal-state", g.text ? `${g.state}: ${g.text}` : g.state);
  const planKey = JSON.stringify(s.plan);
  if (planKey !== shownPlan) {
    shownPlan = planKey;
    const planEl = $("plan");
    planEl.replaceChildren();
    if (s.plan) {
      s.plan.steps.forEach((step, i) => {
        const li = document.createElement("li");
        li.textContent = `${step.skill}(${step.target}): ${step.description}`;
        li.className = step.status;
        if (i === s.plan.current) li.setAttribute("aria-current", "step");
        planEl.appendChild(li);
      });
    }
  }
  const dist = g.distance_m === null ? "" : ` (${g.distance_m.toFixed(2)} m to the target)`;
  const steps = s.plan ? `${s.plan.current + 1}/${s.plan.steps.length}` : "?";
  setText("progress", g.status ? `step ${steps}: ${g.status}${dist}` : "");
  setText("result", g.result);
  if ($("result").className !== g.state) $("result").className = g.state;
  setText("log", g.lines.join("\n"));
  setText("pose", s.pose ? `x ${s.pose.x_m.toFixed(2)} m, y ${s.pose.y_m.toFixed(2)} m, yaw ${(s.pose.yaw_rad * 180 / Math.PI).toFixed(0)}° (${s.pose.frame})` : "pose: unknown");
  if (s.answer) setText("answer", `${s.answer.question}\n→ ${s.answer.answer}`);
  const moved = !previous || JSON.stringify(previous.pose) !== JSON.stringify(s.pose) || previous.scan.length !== s.scan.length ||
    previous.scan.some((v, i) => v !== s.scan[i]) || JSON.stringify(previous.low) !== JSON.stringify(s.low);
  if (moved) drawMap(false);
}

// ---------------------------------------------------------------- event stream
function connect() {
  const es = new EventSource(url("events"));
  es.onopen = () => setBadge($("connection"), "connected", "ok");
  es.onerror = () => setBadge($("connection"), "reconnecting", "bad");  // EventSource retries by itself
  es.addEventListener("hello", (ev) => {
    const d = JSON.parse(ev.data);
    clientId = d.client;
    $("goal-text").maxLength = d.max_goal_chars;
    $("ask-text").maxLength = d.max_goal_chars;
    if (cancelOnClose) post("api/options", { client: clientId, cancel_on_close: true });
  });
  es.addEventListener("state", (ev) => render(JSON.parse(ev.data)));
  es.addEventListener("map", (ev) => { map = JSON.parse(ev.data); drawMap(true); });
  es.addEventListener("frame", (ev) => { wantedSeq = Math.max(wantedSeq, JSON.parse(ev.data).seq); loadFrame(); });
}

// ---------------------------------------------------------------- controls
$("goal-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("goal-text").value;
  if (!text.trim()) { $("goal-reply").textContent = "type a goal first"; $("goal-reply").classList.add("error"); return; }
  post("api/goal", { text, client: clientId, cancel_on_close: cancelOnClose }, $("goal-reply"));
});
$("cancel").addEventListener("click", () => post("api/cancel", {}, $("goal-reply")));
$("stop").addEventListener("click", async (ev) => {
  // When the press was handled, when the console received the command and when it published the e-stop
  // [s since the epoch]: tests read them.
  $("stop-reply").dataset.pressedWallS = String((performance.timeOrigin + ev.timeStamp) / 1000);
  const { data } = await post("api/stop", {}, $("stop-reply"));
  $("stop-reply").dataset.receivedWallS = String(data.received_wall_s || "");
  $("stop-reply").dataset.sentWallS = String(data.sent_wall_s || "");
});
$("release").addEventListener("click", () => post("api/release", {}, $("stop-reply")));
$("cancel-on-close").addEventListener("change", (ev) => {
  cancelOnClose = ev.target.checked;
  if (clientId) post("api/options", { client: clientId, cancel_on_close: cancelOnClose });
});
$("ask-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const question = $("ask-text").value;
  if (!question.trim()) return;
  $("answer").textContent = "…";
  const { ok, data } = await post("api/ask", { question });
  $("answer").textContent = ok ? `${data.question}\n→ ${data.answer}` : (data.error || "no answer");
});

connect();
