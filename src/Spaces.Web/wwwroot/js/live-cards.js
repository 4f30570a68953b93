// Keeps the stage badges of Space cards (article[data-space]) live while a Space builds or starts: one SignalR connection to
// /hubs/spaces, one Watch stream per card in a passing stage, closed once the Space settles. Loads the SignalR client only when needed.
import { setStage } from "./stages.js";

const passing = new Set(["BUILDING", "APP_STARTING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"]);
const maxWatched = 24;
const watched = new Map();
let connecting = null;

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
    await hub.start();
    return hub;
  })();
  return connecting;
}

async function watch(root) {
  const badges = [...root.querySelectorAll("article[data-space] [data-stage-badge]")]
    .filter((badge) => passing.has(badge.dataset.stage))
    .slice(0, maxWatched);
  if (badges.length === 0) {
    return;
  }
  let hub;
  try {
    hub = await connection();
  } catch {
    return; // The page stays as rendered; a reload shows the current stage.
  }
  for (const badge of badges) {
    const space = badge.closest("article[data-space]").dataset.space;
    watched.get(space)?.dispose();
    const subscription = hub.stream("Watch", space, 0).subscribe({
      next: (event) => {
        if (event.type !== "stage") {
          return;
        }
        for (const live of document.querySelectorAll(`article[data-space="${CSS.escape(space)}"] [data-stage-badge]`)) {
          setStage(live, event.stage, event.errorMessage);
        }
        if (!passing.has(event.stage)) {
          subscription.dispose();
          watched.delete(space);
        }
      },
      error: () => watched.delete(space),
      complete: () => watched.delete(space),
    });
    watched.set(space, subscription);
  }
}

watch(document);
// gallery.js swaps result regions in place and announces it.
document.addEventListener("spaces:results", (event) => watch(event.target));
