// The OCR widget (Components/Widgets/OcrWidget.razor): draw on the canvas or upload an image; while the drawing changes, the canvas's
// RGBA goes to the hub's RecognizeText at most every 150 ms; answers overtaken by a newer drawing are ignored (the hub also answers
// `stale` for requests it dropped). Other scripts (and tests) that paint the canvas themselves dispatch "spaces:canvas-changed" on it.
import { inferenceHub, hubMessage } from "./hub.js";

const sendDelayMs = 150;

for (const root of document.querySelectorAll("[data-ocr-widget]")) {
  setUp(root);
}

function setUp(root) {
  const model = root.dataset.model;
  const canvas = root.querySelector("[data-ocr-canvas]");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const output = root.querySelector("[data-ocr-text]");
  const symbols = root.querySelector("[data-ocr-symbols]");
  const status = root.querySelector("[data-ocr-status]");
  let sequence = 0;
  let shown = -1;
  let timer = 0;

  const schedule = () => {
    if (!timer) {
      timer = setTimeout(() => {
        timer = 0;
        recognize();
      }, sendDelayMs);
    }
  };

  async function recognize() {
    const mine = ++sequence;
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    root.dataset.state = "busy";
    status.textContent = "Recognising…";
    try {
      const hub = await inferenceHub();
      const answer = await hub.invoke("RecognizeText", model, {
        sequence: mine,
        width: image.width,
        height: image.height,
        rgba: toBase64(image.data),
      });
      if (answer.stale || answer.sequence < shown) {
        return;
      }
      shown = answer.sequence;
      show(answer);
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = hubMessage(error);
    }
  }

  function show(answer) {
    output.textContent = answer.text;
    symbols.replaceChildren(...answer.symbols.map((s) => {
      const span = document.createElement("span");
      span.className = "ocr-symbol border rounded px-1 font-monospace";
      span.textContent = s.text === " " ? "␣" : s.text;
      span.title = `${s.text}: ${(s.confidence * 100).toFixed(1)}%`;
      span.dataset.confidence = s.confidence.toFixed(4);
      // Green for sure, red for unsure.
      span.style.backgroundColor = `hsla(${Math.round(120 * s.confidence)}, 70%, 45%, 0.25)`;
      return span;
    }));
    status.textContent = answer.text
      ? `Confidence ${(answer.confidence * 100).toFixed(1)}% · ${answer.milliseconds.toFixed(0)} ms`
      : "No ink found.";
    root.dataset.state = "done";
    root.dataset.sequence = String(answer.sequence);
  }

  // Drawing with mouse, pen or touch.
  let drawing = false;
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    ctx.lineWidth = Math.max(3, canvas.height / 30);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#000";
    ctx.beginPath();
    ctx.moveTo(...point(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) {
      return;
    }
    ctx.lineTo(...point(event));
    ctx.stroke();
    schedule();
  });
  const stop = () => {
    if (drawing) {
      drawing = false;
      schedule();
    }
  };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  canvas.addEventListener("spaces:canvas-changed", schedule);

  root.querySelector("[data-ocr-clear]").addEventListener("click", () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    output.textContent = "";
    symbols.replaceChildren();
    status.textContent = "Draw a line of text, or upload an image of one.";
    shown = sequence;
  });

  root.querySelector("[data-ocr-upload]").addEventListener("change", async (event) => {
    const file = event.target.files?.[0];
    if (!file) {
      return;
    }
    try {
      const bitmap = await createImageBitmap(file);
      // Fit the image into the canvas, keeping its aspect, on white (uploads are photos or scans, not strokes).
      const scale = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height, 1);
      const w = Math.round(bitmap.width * scale);
      const h = Math.round(bitmap.height * scale);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bitmap, Math.round((canvas.width - w) / 2), Math.round((canvas.height - h) / 2), w, h);
      recognize();
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = `This file cannot be read as an image: ${error.message ?? error}`;
    } finally {
      event.target.value = "";
    }
  });

  root.dataset.state = "ready";
}

function toBase64(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
