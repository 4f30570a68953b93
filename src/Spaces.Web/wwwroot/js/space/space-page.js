// The Space page's live parts: one hub stream (stage, logs, metrics) feeding the badge, the App tab and the Logs tab.
import { updateBadges } from "./stage.js";
import { createAppView } from "./app.js";
import { createLogsView } from "./logs.js";
import { setUpUpload } from "./upload.js";
import { createCardView } from "./card.js";

const backlog = 500;
const root = document.getElementById("space-page");

if (root) {
  setUpUpload(root);
  const views = [createAppView(root), createLogsView(root), createCardView(root)].filter(Boolean);
  const spaceId = root.dataset.spaceId;
  const each = (method, event) => views.forEach((view) => view[method]?.(event));

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/spaces")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10000, 1000 * 2 ** context.previousRetryCount) })
    .build();
  let subscription = null;

  function watch() {
    subscription?.dispose();
    each("reset");
    subscription = connection.stream("Watch", spaceId, backlog).subscribe({
      next(event) {
        if (event.type === "stage") {
          root.dataset.stage = event.stage;
          updateBadges(event.stage, event.errorMessage);
          each("stage", event);
        } else if (event.type === "log") {
          each("log", event);
        } else if (event.type === "metrics") {
          each("metrics", event);
        }
      },
      error(error) {
        each("problem", `Live updates stopped: ${error?.message ?? error}`);
      },
      complete() {},
    });
    each("connected");
  }

  connection.onreconnecting(() => each("problem", "Reconnecting…"));
  connection.onreconnected(watch);
  connection.onclose(() => each("problem", "Disconnected: reload the page to follow the logs again."));

  (async function start(attempt = 0) {
    try {
      await connection.start();
      watch();
    } catch {
      each("problem", "Cannot reach the live updates; retrying…");
      setTimeout(() => start(attempt + 1), Math.min(10000, 1000 * 2 ** attempt));
    }
  })();
}
