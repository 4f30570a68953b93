// The App tab: shows the app's frame while it serves, and a building / waking / paused / error panel otherwise, swapped live.
import { errorTitle, panel } from "./stage.js";

const tokenLifetimeMs = 4 * 60 * 1000; // the page's access token lives 5 minutes; keep a margin

export function createAppView(root) {
  const section = root.querySelector(".app-tab");
  if (!section) return null;
  const frame = section.querySelector("[data-app-frame]");
  const state = section.querySelector("[data-app-state]");
  const stateLog = section.querySelector("[data-state-log]");
  const metrics = section.querySelector("[data-live-metrics]");
  const loadedAt = Date.now();
  let shown = panel(root.dataset.stage);

  // A private Space's frame needs the page's short-lived token on its first load (the gateway then sets its own cookie).
  const source = () => (Date.now() - loadedAt < tokenLifetimeMs ? section.dataset.appSrc : section.dataset.appUrl);

  function show(name, event) {
    for (const part of state.querySelectorAll("[data-state-panel]")) {
      part.classList.toggle("d-none", part.dataset.statePanel !== name);
    }

    if (name === "serving") {
      if (shown !== "serving" || !frame.getAttribute("src")) frame.src = source();
      state.classList.add("d-none");
      frame.classList.remove("d-none");
    } else {
      state.classList.remove("d-none");
      frame.classList.add("d-none");
      if (name === "sleeping" && shown !== "sleeping") frame.src = source(); // a request wakes it
      if (name === "error") {
        state.querySelector("[data-error-title]").textContent = errorTitle(event.stage);
        state.querySelector("[data-error-message]").textContent = event.errorMessage ?? "";
      }
      if (name === "building") {
        state.querySelector("[data-state-title]").textContent = event.stage === "APP_STARTING" ? "Starting the app…" : "Building the app…";
      }
    }
    shown = name;
  }

  return {
    reset() {
      if (stateLog) stateLog.textContent = "";
    },
    stage(event) {
      show(panel(event.stage), event);
    },
    log(event) {
      if (!stateLog || shown !== "building") return;
      const lines = (stateLog.textContent ? stateLog.textContent.split("\n") : []).concat(event.line).slice(-8);
      stateLog.textContent = lines.join("\n");
    },
    metrics(event) {
      if (!metrics) return;
      const mib = (bytes) => `${Math.round(bytes / 1048576)} MiB`;
      metrics.textContent = `CPU ${event.cpu.toFixed(1)}% · ${mib(event.memory)}${event.memoryLimit ? ` of ${mib(event.memoryLimit)}` : ""}`;
    },
  };
}
