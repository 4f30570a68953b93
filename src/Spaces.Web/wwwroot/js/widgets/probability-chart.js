// A moving chart of probabilities (0..1) drawn on a canvas: the newest value on the right, older ones scrolling left,
// a dashed line at the threshold and the area above it tinted. No chart library.

export class ProbabilityChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{ capacity?: number, threshold?: number }} [options] capacity: values shown (default 300 = 9.6 s of 32 ms chunks)
   */
  constructor(canvas, { capacity = 300, threshold = 0.5 } = {}) {
    this.canvas = canvas;
    this.capacity = capacity;
    this.threshold = threshold;
    this.values = [];
    this.received = 0;
    this.frame = 0;
    this.draw();
  }

  /** Adds one value and redraws on the next animation frame. */
  push(value) {
    this.values.push(value);
    if (this.values.length > this.capacity) {
      this.values.shift();
    }
    this.received++;
    this.canvas.dataset.received = String(this.received);
    this.canvas.dataset.last = value.toFixed(4);
    this.canvas.dataset.max = String(Math.max(Number(this.canvas.dataset.max ?? 0), value).toFixed(4));
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }
  }

  /** Forgets every value. */
  clear() {
    this.values = [];
    this.received = 0;
    delete this.canvas.dataset.max;
    delete this.canvas.dataset.last;
    this.canvas.dataset.received = "0";
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const ctx = canvas.getContext("2d");
    const w = canvas.width;
    const h = canvas.height;
    const style = getComputedStyle(canvas);
    const ink = style.getPropertyValue("--bs-body-color") || "#212529";
    const accent = style.getPropertyValue("--bs-primary") || "#0d6efd";
    ctx.clearRect(0, 0, w, h);
    const y = (p) => h - 4 - p * (h - 8);
    const step = w / Math.max(1, this.capacity - 1);
    const x0 = w - (this.values.length - 1) * step;

    // Threshold line.
    ctx.save();
    ctx.strokeStyle = ink;
    ctx.globalAlpha = 0.35;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(0, y(this.threshold));
    ctx.lineTo(w, y(this.threshold));
    ctx.stroke();
    ctx.restore();

    if (this.values.length === 0) {
      return;
    }
    // Chunks above the threshold: tinted columns.
    ctx.save();
    ctx.fillStyle = accent;
    ctx.globalAlpha = 0.15;
    this.values.forEach((p, i) => {
      if (p > this.threshold) {
        ctx.fillRect(x0 + i * step - step / 2, 0, Math.max(1, step), h);
      }
    });
    ctx.restore();

    // The probability curve.
    ctx.save();
    ctx.strokeStyle = accent;
    ctx.lineWidth = 2;
    ctx.beginPath();
    this.values.forEach((p, i) => {
      const px = x0 + i * step;
      if (i === 0) {
        ctx.moveTo(px, y(p));
      } else {
        ctx.lineTo(px, y(p));
      }
    });
    ctx.stroke();
    ctx.restore();
  }
}
