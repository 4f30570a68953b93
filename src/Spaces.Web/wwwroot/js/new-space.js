// New Space: checks the name as it is typed with the server's rules (AccountNames.ValidateRepo), says whether it is free under the
// chosen owner, and previews the app's address. The server checks everything again on submit.
const form = document.getElementById("new-space-form");
const nameInput = document.getElementById("space-name");
const ownerInput = document.getElementById("space-owner");
const status = document.getElementById("space-name-status");

const pattern = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;

/** Why a name cannot be used, or null (same rules and wording as the server). */
export function nameProblem(name) {
  if (name.trim() === "") {
    return "Choose a name for the Space.";
  }
  if (!pattern.test(name) || name.includes("--") || name.includes("..") || name.toLowerCase().endsWith(".git")) {
    return `'${name}' is not a valid repository name: use 1 to 96 letters, digits, '-', '_' or '.', not starting or ending with '-' or '.', without '--', '..' or a '.git' ending.`;
  }
  return null;
}

const normalize = (name) => name.toLowerCase().replaceAll("_", "-").replaceAll(".", "-");

let controller = null;
let timer = 0;

function show(message, kind) {
  status.textContent = message;
  status.classList.toggle("text-danger", kind === "error");
  status.classList.toggle("text-success", kind === "ok");
  status.classList.toggle("text-body-secondary", kind === "info");
  nameInput.classList.toggle("is-invalid", kind === "error");
  nameInput.classList.toggle("is-valid", kind === "ok");
  nameInput.setCustomValidity(kind === "error" ? message : "");
}

async function check() {
  const name = nameInput.value.trim();
  const owner = ownerInput.value;
  if (name === "") {
    show("", "info");
    nameInput.classList.remove("is-valid", "is-invalid");
    return;
  }
  const problem = nameProblem(name);
  if (problem) {
    show(problem, "error");
    return;
  }
  const host = `${owner.toLowerCase()}--${normalize(name)}.${form.dataset.appsDomain}`;
  show(`Checking… The app will be served at ${host}`, "info");
  controller?.abort();
  controller = new AbortController();
  try {
    const response = await fetch(`/api/spaces/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`, { signal: controller.signal });
    if (response.ok) {
      show(`${owner}/${name} already exists: choose another name.`, "error");
    } else if (response.status === 404) {
      show(`✓ Available. The app will be served at ${host}`, "ok");
    } else {
      show(`The app will be served at ${host}`, "info");
    }
  } catch (error) {
    if (error.name !== "AbortError") {
      show(`The app will be served at ${host}`, "info");
    }
  }
}

if (form && nameInput && ownerInput && status) {
  nameInput.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  ownerInput.addEventListener("change", check);
  form.addEventListener("submit", (event) => {
    const problem = nameProblem(nameInput.value.trim());
    if (problem) {
      event.preventDefault();
      show(problem, "error");
      nameInput.focus();
      return;
    }
    for (const button of form.querySelectorAll("button[type=submit]")) {
      // Disabled after the submitter's value is taken; shows progress while the first commit is written.
      setTimeout(() => { button.disabled = true; }, 0);
    }
    event.submitter?.insertAdjacentHTML("beforeend", ' <span class="spinner-border spinner-border-sm" aria-hidden="true"></span>');
  });
  if (nameInput.value) {
    check();
  }
}
