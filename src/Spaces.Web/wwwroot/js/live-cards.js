// Keeps the stage badges of Space cards (article[data-space]) live while a Space builds or starts: one SignalR connection to
// /hubs/spaces and ONE WatchStages stream per page for every card in a passing stage (at most maxWatched), closed once they all
// settle; re-subscribed when gallery.js swaps the results in place, and after a reconnect. Loads the SignalR client only when needed.
import { setStage } from "./stages.js";

const passing = new Set(["BUILDING", "APP_STARTING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"]);
const maxWatched = 100; // SpacesHub.MaxStageSpaces
let connecting = null;
let subscription = null;
let generation = 0;

function loadClient() {
  if (window.signalR) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/lib/signalr/signalr.min.js";
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function connection() {
  connecting ??= (async () => {
    await loadClient();
    const hub = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/spaces", { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    // Streams do not survive a reconnect: watch again what is still passing.
    hub.onreconnected(() => watch());
    await hub.start();
    return hub;
  })().catch((error) => {
    connecting = null;
    throw error;
  });
  return connecting;
}

function badgesOf(space) {
  return document.querySelectorAll(`article[data-space="${CSS.escape(space)}"] [data-stage-badge]`);
}

function stop() {
  subscription?.dispose();
  subscription = null;
}

// Watches every card of the page still in a passing stage, replacing the previous stream.
async function watch() {
  const run = ++generation;
  const spaces = [...new Set([...document.querySelectorAll("article[data-space] [data-stage-badge]")]
    .filter((badge) => passing.has(badge.dataset.stage))
    .map((badge) => badge.closest("article[data-space]").dataset.space))]
    .slice(0, maxWatched);
  if (spaces.length === 0) {
    stop();
    return;
  }
  let hub;
  try {
    hub = await connection();
  } catch {
    return; // The page stays as rendered; a reload shows the current stage.
  }
  if (run !== generation) {
    return; // A newer watch() took over while connecting.
  }
  stop();
  const unsettled = new Set(spaces);
  const current = hub.stream("WatchStages", spaces).subscribe({
    next: (event) => {
      for (const badge of badgesOf(event.space)) {
        setStage(badge, event.stage, event.message);
      }
      if (!passing.has(event.stage)) {
        unsettled.delete(event.space);
      }
      if (unsettled.size === 0 && subscription === current) {
        stop();
      }
    },
    error: () => {
      if (subscription === current) {
        subscription = null;
      }
    },
    complete: () => {
      if (subscription === current) {
        subscription = null;
      }
    },
  });
  subscription = current;
}

watch();
// gallery.js swaps result regions in place and announces it.
document.addEventListener("spaces:results", () => watch());
