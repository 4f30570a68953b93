// The voice activity widget (Components/Widgets/VadWidget.razor): a WAV upload (decoded and resampled to 16 kHz mono by Web Audio)
// or the microphone (an AudioContext at 16 kHz) is streamed to the hub's DetectVoice in blocks; every 32 ms chunk's speech
// probability comes back as it is computed and is pushed onto the moving chart. Uploads are sent at the pace they play.
import { inferenceHub, hubMessage } from "./hub.js";
import { ProbabilityChart } from "./probability-chart.js";

const sampleRate = 16000;
const blockSamples = 2048; // 128 ms

for (const root of document.querySelectorAll("[data-vad-widget]")) {
  setUp(root);
}

function setUp(root) {
  const model = root.dataset.model;
  const chart = new ProbabilityChart(root.querySelector("[data-vad-chart]"));
  const status = root.querySelector("[data-vad-status]");
  const upload = root.querySelector("[data-vad-upload]");
  const mic = root.querySelector("[data-vad-mic]");
  const stopButton = root.querySelector("[data-vad-stop]");
  let session = null;

  /** Opens a DetectVoice stream; returns { send(Float32Array), end() }. */
  async function open(source) {
    const hub = await inferenceHub();
    const subject = new signalR.Subject();
    chart.clear();
    root.dataset.state = "streaming";
    status.textContent = `Streaming ${source}…`;
    let speech = 0;
    let chunks = 0;
    const done = new Promise((resolve) => {
      hub.stream("DetectVoice", model, subject).subscribe({
        next: (chunk) => {
          chunks++;
          if (chunk.probability > 0.5) {
            speech++;
          }
          chart.push(chunk.probability);
          status.textContent = `${chunks} chunks · ${(chunks * 0.032).toFixed(1)} s · speech in ${speech}`;
        },
        complete: () => {
          root.dataset.state = "done";
          status.textContent = `Done: ${chunks} chunks of 32 ms, speech in ${speech}.`;
          resolve();
        },
        error: (error) => {
          root.dataset.state = "error";
          status.textContent = hubMessage(error);
          resolve();
        },
      });
    });
    return {
      send: (block) => subject.next(Array.from(block)),
      end: () => subject.complete(),
      done,
    };
  }

  function busy(on) {
    upload.disabled = on;
    mic.disabled = on;
    stopButton.disabled = !on;
  }

  upload.addEventListener("change", async (event) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) {
      return;
    }
    let samples;
    try {
      samples = await decode(await file.arrayBuffer());
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = `This file cannot be decoded as audio: ${error.message ?? error}`;
      return;
    }
    busy(true);
    const audio = new Audio(URL.createObjectURL(file));
    audio.play().catch(() => { /* autoplay may be refused: the chart still runs */ });
    let stopped = false;
    session = {
      stop: () => {
        stopped = true;
        audio.pause();
      },
    };
    try {
      const stream = await open(file.name);
      const started = performance.now();
      for (let at = 0; at < samples.length && !stopped; at += blockSamples) {
        stream.send(samples.subarray(at, Math.min(at + blockSamples, samples.length)));
        // Real-time pace: wait until this block would have finished playing.
        const due = started + ((at + blockSamples) / sampleRate) * 1000;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
      stream.end();
      await stream.done;
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = hubMessage(error);
    } finally {
      session = null;
      busy(false);
    }
  });

  mic.addEventListener("click", async () => {
    let media;
    try {
      media = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = `The microphone is not available: ${error.message ?? error}`;
      return;
    }
    busy(true);
    const context = new AudioContext({ sampleRate });
    const input = context.createMediaStreamSource(media);
    // ScriptProcessor: deprecated but everywhere, and needs no separate worklet module.
    const processor = context.createScriptProcessor(blockSamples, 1, 1);
    const mute = context.createGain();
    mute.gain.value = 0;
    let stream;
    try {
      stream = await open("the microphone");
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = hubMessage(error);
      media.getTracks().forEach((t) => t.stop());
      context.close();
      busy(false);
      return;
    }
    processor.onaudioprocess = (event) => stream.send(event.inputBuffer.getChannelData(0));
    input.connect(processor);
    processor.connect(mute);
    mute.connect(context.destination);
    session = {
      stop: () => {
        processor.disconnect();
        media.getTracks().forEach((t) => t.stop());
        context.close();
        stream.end();
      },
    };
    await stream.done;
    session = null;
    busy(false);
  });

  stopButton.addEventListener("click", () => session?.stop());
  root.dataset.state = "ready";
}

/** Decodes any audio file the browser reads (WAV first of all) to 16 kHz mono samples. */
async function decode(bytes) {
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate });
  const buffer = await context.decodeAudioData(bytes);
  if (buffer.numberOfChannels === 1) {
    return buffer.getChannelData(0);
  }
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++) {
      mono[i] += channel[i] / buffer.numberOfChannels;
    }
  }
  return mono;
}
