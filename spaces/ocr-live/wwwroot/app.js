// Renders the typed line (or takes the drawing), crops it to the ink, and asks the app's hub to read it. Only the newest
// request matters: while one runs, later changes wait and the last one is sent next.
const canvas = document.getElementById('line');
const ctx = canvas.getContext('2d', { willReadFrequently: true });
const text = document.getElementById('text');
const font = document.getElementById('font');
const flip = document.getElementById('flip');
const recognised = document.getElementById('recognised');
const details = document.getElementById('details');
let drawing = false;
let drawn = false;
let busy = false;
let pending = false;

const connection = new signalR.HubConnectionBuilder()
  .withUrl('hub', { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
  .withAutomaticReconnect()
  .build();
window.ocr = { connection, results: [] };

function clear() {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
}

function render() {
  clear();
  ctx.save();
  if (flip.checked) {
    ctx.translate(canvas.width, canvas.height);
    ctx.rotate(Math.PI);
  }
  ctx.fillStyle = '#111';
  ctx.font = `48px ${font.value}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(text.value, 16, canvas.height / 2);
  ctx.restore();
}

// The smallest box holding every dark pixel, with a margin: the recognizer wants the line, not the empty canvas around it.
function cropped() {
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let left = width, right = -1, top = height, bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] < 160) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return null;
  const margin = 8;
  left = Math.max(0, left - margin); top = Math.max(0, top - margin);
  right = Math.min(width - 1, right + margin); bottom = Math.min(height - 1, bottom + margin);
  const out = document.createElement('canvas');
  out.width = right - left + 1;
  out.height = bottom - top + 1;
  out.getContext('2d').drawImage(canvas, left, top, out.width, out.height, 0, 0, out.width, out.height);
  return out.toDataURL('image/png');
}

async function recognise() {
  if (busy) { pending = true; return; }
  if (connection.state !== signalR.HubConnectionState.Connected) return;
  const png = cropped();
  if (!png) { recognised.textContent = '…'; details.textContent = 'nothing to read'; return; }
  busy = true;
  try {
    const r = await connection.invoke('Recognize', png);
    recognised.textContent = r.text || '(nothing recognised)';
    details.textContent = `confidence ${r.confidence.toFixed(3)} · ${r.angle}°${r.rotated ? ' (turned)' : ''} · ${r.width}×${r.height} px · model ${r.modelMs} ms`;
    window.ocr.results.push(r);
  } catch (err) {
    details.textContent = `error: ${err.message || err}`;
  } finally {
    busy = false;
    if (pending) { pending = false; recognise(); }
  }
}

function changed() { drawn = false; render(); recognise(); }
text.addEventListener('input', changed);
font.addEventListener('change', changed);
flip.addEventListener('change', changed);
document.getElementById('clear').addEventListener('click', () => { text.value = ''; drawn = true; clear(); recognise(); });

function point(e) {
  const box = canvas.getBoundingClientRect();
  return [(e.clientX - box.left) * canvas.width / box.width, (e.clientY - box.top) * canvas.height / box.height];
}
canvas.addEventListener('pointerdown', e => {
  if (!drawn) { text.value = ''; clear(); drawn = true; }
  drawing = true;
  ctx.lineWidth = 5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
  ctx.beginPath(); ctx.moveTo(...point(e));
});
canvas.addEventListener('pointermove', e => { if (drawing) { ctx.lineTo(...point(e)); ctx.stroke(); } });
window.addEventListener('pointerup', () => { if (drawing) { drawing = false; recognise(); } });

render();
connection.onreconnected(() => recognise());
connection.start()
  .then(() => { details.textContent = 'connected'; recognise(); })
  .catch(err => { details.textContent = `not connected: ${err}`; });
