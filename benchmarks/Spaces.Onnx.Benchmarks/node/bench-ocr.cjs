// The Node half of the OCR recognizer benchmark: onnxruntime-node 1.30.0 on the same libonnxruntime.so.1 as Spaces.Onnx.
// usage: node bench-ocr.cjs MODEL RUNS WARMUP INTRA_OP_THREADS WIDTH  -> one JSON line {library, times: [ms...]}
'use strict';
const fs = require('node:fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, runs, warmup, threads, width] = process.argv.slice(2);
  const options = { graphOptimizationLevel: 'all', executionMode: 'sequential' };
  if (Number(threads) > 0) {
    options.intraOpNumThreads = Number(threads);
  }
  const session = await ort.InferenceSession.create(model, options);
  const w = Number(width);
  const data = new Float32Array(3 * 48 * w);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    data[i] = (seed / 0x7fffffff) * 2 - 1;
  }
  const feeds = { x: new ort.Tensor('float32', data, [1, 3, 48, w]) };
  for (let i = 0; i < Number(warmup); i++) {
    await session.run(feeds);
  }
  const times = [];
  let checksum = 0;
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    const out = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    checksum += out[session.outputNames[0]].data[0];
  }
  const library = fs.readFileSync('/proc/self/maps', 'utf8').split('\n')
    .map((l) => l.split(/\s+/).slice(5).join(' ')).find((p) => p.endsWith('libonnxruntime.so.1')) || 'unknown';
  process.stdout.write(JSON.stringify({ library: fs.realpathSync(library), checksum, times }) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
