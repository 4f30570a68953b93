// Upload panel: files, a folder or an archive to the upload API with a progress bar, then the tree reloads.
export function setUpUpload(root) {
  const form = root.querySelector("[data-upload-form]");
  if (!form) return;
  const files = form.querySelector("[data-upload-files]");
  const folder = form.querySelector("[data-upload-folder]");
  const archive = form.querySelector("[data-upload-archive]");
  const submit = form.querySelector("[data-upload-submit]");
  const progress = form.querySelector("[data-upload-progress]");
  const bar = progress.querySelector(".progress-bar");
  const status = form.querySelector("[data-upload-status]");

  function setProgress(percent) {
    progress.setAttribute("aria-valuenow", String(percent));
    bar.style.width = `${percent}%`;
    bar.textContent = `${percent}%`;
  }

  function say(text, kind) {
    status.textContent = text;
    status.className = `small mt-2 ${kind === "error" ? "text-danger" : kind === "ok" ? "text-success" : "text-body-secondary"}`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData();
    // The target folder must come before the files it applies to.
    data.append("path", form.elements.path.value);
    data.append("summary", form.elements.summary.value);
    if (form.elements.parentCommit) data.append("parentCommit", form.elements.parentCommit.value);
    let count = 0;
    for (const file of files.files) { data.append("file", file, file.name); count++; }
    for (const file of folder.files) { data.append("file", file, file.webkitRelativePath || file.name); count++; }
    for (const file of archive.files) { data.append("archive", file, file.name); count++; }
    if (count === 0) {
      say("Choose files, a folder or an archive first.", "error");
      return;
    }

    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.responseType = "json";
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    });
    request.upload.addEventListener("load", () => say("Uploaded; committing…"));
    request.addEventListener("load", () => {
      submit.disabled = false;
      if (request.status >= 200 && request.status < 300) {
        setProgress(100);
        say(`Committed ${String(request.response?.commitOid ?? "").slice(0, 7)}. Refreshing the files…`, "ok");
        setTimeout(() => location.reload(), 600);
      } else {
        progress.classList.add("d-none");
        const message = request.response?.error ?? `The upload failed (HTTP ${request.status}).`;
        say(request.status === 412 ? `${message} Someone committed meanwhile: reload the page and upload again.` : message, "error");
      }
    });
    request.addEventListener("error", () => {
      submit.disabled = false;
      progress.classList.add("d-none");
      say("The connection was lost during the upload; nothing was committed.", "error");
    });
    submit.disabled = true;
    progress.classList.remove("d-none");
    setProgress(0);
    say(`Uploading ${count} item${count === 1 ? "" : "s"}…`);
    request.send(data);
  });
}
