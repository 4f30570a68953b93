// Microphone (16 kHz in the browser, pushed to the hub every ~128 ms) or a WAV file (streamed back by the hub): every speech
// probability is drawn on the chart as it arrives.
const chart = document.getElementById('chart');
const ctx = chart.getContext('2d');
const micButton = document.getElementById('mic');
const wavInput = document.getElementById('wav');
const status = document.getElementById('status');
const values = [];
window.vad = { values };

const connection = new signalR.HubConnectionBuilder()
  .withUrl('hub', { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
  .withAutomaticReconnect()
  .build();
window.vad.connection = connection;

function draw() {
  const { width, height } = chart;
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = '#d1d5db';
  ctx.setLineDash([4, 4]);
  ctx.beginPath(); ctx.moveTo(0, height / 2); ctx.lineTo(width, height / 2); ctx.stroke();
  ctx.setLineDash([]);
  const shown = values.slice(-width / 3);
  ctx.strokeStyle = '#059669';
  ctx.lineWidth = 2;
  ctx.beginPath();
  shown.forEach((p, i) => { const x = i * 3, y = height - 8 - p * (height - 16); i ? ctx.lineTo(x, y) : ctx.moveTo(x, y); });
  ctx.stroke();
  document.getElementById('chunks').textContent = values.length;
  document.getElementById('speech').textContent = `${(values.filter(p => p >= 0.5).length * 0.032).toFixed(2)} s`;
  document.getElementById('last').textContent = values.length ? values[values.length - 1].toFixed(3) : '–';
}

function add(probabilities) {
  values.push(...probabilities);
  requestAnimationFrame(draw);
}

wavInput.addEventListener('change', async () => {
  const file = wavInput.files[0];
  if (!file) return;
  values.length = 0; draw();
  status.textContent = `analysing ${file.name}…`;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  connection.stream('Analyze', btoa(binary)).subscribe({
    next: add,
    complete: () => { status.textContent = `${file.name}: ${values.length} chunks`; wavInput.value = ''; },
    error: err => { status.textContent = `error: ${err.message || err}`; wavInput.value = ''; },
  });
});

let mic = null;
micButton.addEventListener('click', async () => {
  if (mic) { await stopMic(); return; }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } });
    const audio = new AudioContext({ sampleRate: 16000 });
    const source = audio.createMediaStreamSource(stream);
    const processor = audio.createScriptProcessor(2048, 1, 1);
    processor.onaudioprocess = e => {
      const samples = Array.from(e.inputBuffer.getChannelData(0));
      connection.invoke('Push', samples).then(add).catch(err => { status.textContent = `error: ${err.message || err}`; });
    };
    source.connect(processor);
    processor.connect(audio.destination);
    mic = { stream, audio, processor };
    values.length = 0; draw();
    micButton.textContent = 'Stop the microphone';
    status.textContent = 'listening…';
  } catch (err) {
    status.textContent = `microphone unavailable: ${err.message || err}`;
  }
});

async function stopMic() {
  mic.processor.disconnect();
  mic.stream.getTracks().forEach(t => t.stop());
  await mic.audio.close();
  mic = null;
  await connection.invoke('Stop');
  micButton.textContent = 'Start the microphone';
  status.textContent = 'stopped';
}

draw();
connection.start()
  .then(() => { status.textContent = 'ready'; micButton.disabled = false; wavInput.disabled = false; })
  .catch(err => { status.textContent = `not connected: ${err}`; });
