// Stage labels, badge colours and App-tab panels; the server keeps the same tables (StageNames.cs, AppPanels.cs).
const labels = {
  NO_APP_FILE: "No app file", CONFIG_ERROR: "Config error", BUILDING: "Building", BUILD_ERROR: "Build error",
  APP_STARTING: "Starting", RUNNING: "Running", RUNNING_BUILDING: "Running · building", RUNNING_APP_STARTING: "Running · starting",
  RUNTIME_ERROR: "Runtime error", SLEEPING: "Sleeping", PAUSED: "Paused", STOPPED: "Stopped", DELETING: "Deleting",
};

const errorTitles = {
  BUILD_ERROR: "The build failed", RUNTIME_ERROR: "The app stopped with an error",
  CONFIG_ERROR: "README.md has a configuration error", NO_APP_FILE: "There is no app to run yet",
};

export const label = (stage) => labels[stage] ?? stage;

export const errorTitle = (stage) => errorTitles[stage] ?? "The app is not running";

export const isServing = (stage) => stage === "RUNNING" || stage === "RUNNING_BUILDING" || stage === "RUNNING_APP_STARTING";

export function badgeClass(stage) {
  if (isServing(stage)) return "text-bg-success";
  if (stage === "BUILDING" || stage === "APP_STARTING") return "text-bg-warning";
  if (stage === "BUILD_ERROR" || stage === "RUNTIME_ERROR" || stage === "CONFIG_ERROR" || stage === "NO_APP_FILE") return "text-bg-danger";
  return "text-bg-secondary";
}

export function panel(stage) {
  if (isServing(stage)) return "serving";
  if (stage === "BUILDING" || stage === "APP_STARTING") return "building";
  if (stage === "SLEEPING") return "sleeping";
  if (stage === "PAUSED" || stage === "STOPPED" || stage === "DELETING") return "paused";
  return "error";
}

/** Updates every live stage badge on the page. */
export function updateBadges(stage) {
  for (const badge of document.querySelectorAll("[data-live-stage]")) {
    badge.classList.remove("text-bg-success", "text-bg-warning", "text-bg-danger", "text-bg-secondary");
    badge.classList.add(badgeClass(stage));
    badge.dataset.stage = stage;
    badge.title = stage;
    badge.textContent = label(stage);
  }
}
