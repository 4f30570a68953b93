// The live part of the page: the app's own SignalR hub over WebSockets (the SignalR client comes from the platform's build).
const status = document.getElementById('status');
const results = document.getElementById('results');
const run = document.getElementById('run');

const connection = new signalR.HubConnectionBuilder()
  .withUrl('hub', { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
  .withAutomaticReconnect()
  .build();
window.spacesConnection = connection;

run.addEventListener('click', () => {
  results.replaceChildren();
  run.disabled = true;
  connection.stream('Run', 5).subscribe({
    next: line => { const item = document.createElement('li'); item.textContent = line; results.append(item); },
    complete: () => { run.disabled = false; },
    error: err => { status.textContent = `error: ${err}`; run.disabled = false; },
  });
});

connection.onreconnecting(() => { status.textContent = 'reconnecting…'; run.disabled = true; });
connection.onreconnected(() => { status.textContent = 'connected'; run.disabled = false; });
connection.start().then(() => {
  status.textContent = 'connected';
  document.getElementById('transport').textContent = `(${connection.connection.transport.constructor.name})`;
  run.disabled = false;
}).catch(err => { status.textContent = `not connected: ${err}`; });
