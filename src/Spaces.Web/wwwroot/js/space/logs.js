// The Logs tab: live lines from the hub (or a stored build's lines), follow/pause, kind and text filters, download.
const maxLines = 10000;

export function createLogsView(root) {
  const section = root.querySelector("[data-logs]");
  if (!section) return null;
  const view = section.querySelector("[data-log-view]");
  const empty = section.querySelector("[data-log-empty]");
  const filter = section.querySelector("[data-log-filter]");
  const follow = section.querySelector("[data-log-follow]");
  const status = section.querySelector("[data-log-status]");
  const kinds = [...section.querySelectorAll("[data-log-kind]")];
  const live = section.dataset.live === "true";
  let count = view.querySelectorAll(".log-line").length;

  const wantedKinds = () => new Set(kinds.filter((box) => box.checked).map((box) => box.dataset.logKind));
  const matches = (line, text, wanted) =>
    (!live || wanted.has(line.dataset.kind)) && (!text || line.textContent.toLowerCase().includes(text));

  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    const wanted = wantedKinds();
    for (const line of view.querySelectorAll(".log-line")) line.hidden = !matches(line, text, wanted);
    scrollIfFollowing();
  }

  function scrollIfFollowing() {
    if (!follow || follow.checked) view.scrollTop = view.scrollHeight;
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }

  filter.addEventListener("input", applyFilter);
  for (const box of kinds) box.addEventListener("change", applyFilter);
  follow?.addEventListener("change", scrollIfFollowing);
  // Scrolling up to read pauses following; scrolling back to the end resumes it.
  view.addEventListener("scroll", () => {
    if (!follow) return;
    const atEnd = view.scrollHeight - view.scrollTop - view.clientHeight < 24;
    if (follow.checked !== atEnd) follow.checked = atEnd;
  });

  section.querySelector("[data-log-download]").addEventListener("click", () => {
    const lines = [...view.querySelectorAll(".log-line")].filter((line) => !line.hidden).map((line) => line.dataset.text ?? line.textContent);
    const blob = new Blob([lines.join("\n") + "\n"], { type: "text/plain" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${section.dataset.logName}.log`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  const select = section.querySelector("[data-log-build-select]");
  if (select) {
    section.querySelector("[data-log-build-go]")?.classList.add("d-none");
    select.addEventListener("change", () => select.form.requestSubmit());
  }

  if (!live) {
    scrollIfFollowing();
    return null;
  }

  return {
    reset() {
      for (const line of view.querySelectorAll(".log-line")) line.remove();
      count = 0;
      setStatus("Connecting…");
    },
    connected() {
      setStatus(`Live · ${count} lines`);
    },
    problem(text) {
      setStatus(text);
    },
    log(event) {
      const line = document.createElement("div");
      line.className = event.isError ? "log-line log-error" : "log-line";
      line.dataset.kind = event.kind;
      line.dataset.text = `[${event.kind}] ${event.line}`;
      const kind = document.createElement("span");
      kind.className = `log-kind log-kind-${event.kind}`;
      kind.textContent = event.kind;
      kind.setAttribute("aria-hidden", "true");
      line.append(kind, document.createTextNode(event.line));
      line.hidden = !matches(line, filter.value.trim().toLowerCase(), wantedKinds());
      view.insertBefore(line, empty);
      count++;
      if (count > maxLines) {
        view.querySelector(".log-line")?.remove();
        count--;
      }
      setStatus(`Live · ${count} lines`);
      scrollIfFollowing();
    },
  };
}
