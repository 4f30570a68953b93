// Runs in the visitor's browser at the Space's own origin.
const count = document.getElementById('count');
document.getElementById('counter').addEventListener('click', () => {
  count.textContent = String(Number(count.textContent) + 1);
});
document.getElementById('origin').textContent = `Served from ${location.origin}`;
