// One SignalR connection to /hubs/inference per page, shared by the widgets (the browser client from lib/signalr, global `signalR`).

let connecting = null;

/** The started connection (cookie session of the page; reconnects by itself). */
export function inferenceHub() {
  if (!connecting) {
    if (typeof signalR === "undefined") {
      return Promise.reject(new Error("the SignalR client (lib/signalr/signalr.min.js) did not load"));
    }
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/inference")
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connecting = connection.start().then(() => connection);
    connecting.catch(() => {
      connecting = null;
    });
  }
  return connecting;
}

/** The hub's message without SignalR's "An unexpected error occurred invoking ... HubException: " prefix. */
export function hubMessage(error) {
  const text = String(error?.message ?? error);
  const marker = "HubException: ";
  const at = text.lastIndexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
}
