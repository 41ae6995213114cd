// The dreamgym play page: keys and controls -> JSON messages; frames (64x64 RGB bytes) and figures <- the server.
"use strict";
const ARROWS = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down" };
const canvas = document.getElementById("screen");
const ctx = canvas.getContext("2d");
const hud = document.getElementById("hud");
const slider = document.getElementById("temperature");
const held = new Set();
let frames = 0;
const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
ws.binaryType = "arraybuffer";

function send(msg) { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); }
function sendKeys() { send({ type: "keys", held: [...held] }); }
function setTemperature(value) {
  send({ type: "temperature", value: Math.max(0.05, Math.round(value * 100) / 100) });
}

let shape = [64, 64, 3];
ws.onmessage = (event) => {
  if (typeof event.data !== "string") {
    const [h, w] = shape;
    const rgb = new Uint8Array(event.data);
    const image = ctx.createImageData(w, h);
    for (let i = 0, j = 0; i < w * h; i++, j += 3) {
      image.data[4 * i] = rgb[j]; image.data[4 * i + 1] = rgb[j + 1]; image.data[4 * i + 2] = rgb[j + 2];
      image.data[4 * i + 3] = 255;
    }
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h; canvas.style.width = `${8 * w}px`;
    }
    ctx.putImageData(image, 0, 0);
    frames += 1;
    document.body.dataset.frames = frames;
    return;
  }
  const msg = JSON.parse(event.data);
  if (msg.type === "hello") {
    document.title = `dreamgym: ${msg.env}`;
    document.getElementById("title").textContent = msg.env;
    document.getElementById("agent").disabled = !msg.has_agent;
    document.getElementById("temperature-box").hidden = !msg.is_dream;
    if (msg.is_dream) slider.value = msg.temperature;
  } else if (msg.type === "figures") {
    shape = msg.shape;
    const parts = [`step ${msg.step}`, `return ${msg.return.toFixed(1)}`];
    if (msg.dream_return !== undefined) parts.push(`dream ${msg.dream_return.toFixed(1)}${msg.dream_over ? " (over)" : ""}`);
    if (msg.temperature !== null) parts.push(`tau ${msg.temperature.toFixed(2)}`);
    parts.push(`driver: ${msg.driver}`);
    if (msg.death_probability !== undefined) parts.push(`death p ${msg.death_probability.toFixed(2)}`);
    if (msg.paused) parts.push("[paused]");
    hud.textContent = parts.join("   ");
    hud.dataset.step = msg.step;
    hud.dataset.driver = msg.driver;
    hud.dataset.temperature = msg.temperature;
    if (msg.temperature !== null && document.activeElement !== slider) {
      slider.value = msg.temperature;
      document.getElementById("temperature-value").textContent = msg.temperature.toFixed(2);
    }
  } else if (msg.type === "error") {
    document.getElementById("error").textContent = msg.message;
  }
};
ws.onclose = () => { hud.textContent += "   [disconnected]"; };

document.addEventListener("keydown", (e) => {
  if (e.key in ARROWS) { if (!held.has(ARROWS[e.key])) { held.add(ARROWS[e.key]); sendKeys(); } }
  else if (e.key === "Tab") send({ type: "agent" });
  else if (e.key === "[" || e.key === "]") setTemperature(Number(slider.value) + (e.key === "]" ? 0.05 : -0.05));
  else if (e.key === "r" || e.key === "R") send({ type: "reset" });
  else if (e.key === "p" || e.key === "P" || e.key === " ") send({ type: "pause" });
  else return;
  e.preventDefault();
});
document.addEventListener("keyup", (e) => {
  if (e.key in ARROWS) { held.delete(ARROWS[e.key]); sendKeys(); e.preventDefault(); }
});
window.addEventListener("blur", () => { if (held.size) { held.clear(); sendKeys(); } });
document.getElementById("agent").onclick = () => send({ type: "agent" });
document.getElementById("reset").onclick = () => send({ type: "reset" });
document.getElementById("pause").onclick = () => send({ type: "pause" });
slider.oninput = () => setTemperature(Number(slider.value));
