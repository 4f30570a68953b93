// This page is served at http://{owner}--{name}.{apps domain}[:port]: each example's origin swaps in its own name.
const [first, ...rest] = location.host.split('.');
const owner = first.includes('--') ? first.slice(0, first.indexOf('--')) : 'examples';
const appsDomain = rest.join('.');
for (const card of document.querySelectorAll('[data-space]')) {
  card.href = `${location.protocol}//${owner}--${card.dataset.space}.${appsDomain}/`;
}
// The platform itself lives on the apps domain's parent (spaces.localhost:5080 -> localhost:5080).
const platformHost = rest.slice(1).join('.');
if (platformHost) {
  document.getElementById('platform').href = `${location.protocol}//${platformHost}/spaces`;
}
