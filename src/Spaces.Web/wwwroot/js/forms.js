// Small behaviours any server-rendered page can opt into:
//   <button data-copy="#selector">  copies the target's value (or text) and says so;
//   <form data-confirm="Question?"> asks before submitting.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const target = document.querySelector(button.dataset.copy);
  if (!target) {
    return;
  }
  const text = "value" in target ? target.value : target.textContent;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    target.select?.();
    button.textContent = "Press Ctrl+C";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
});

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
