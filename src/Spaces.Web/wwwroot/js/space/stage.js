import { setStage } from "../stages.js";

// App-tab panels and error titles by stage (the server keeps the same table in AppPanels.cs); badges are js/stages.js's.
const errorTitles = {
  BUILD_ERROR: "The build failed", RUNTIME_ERROR: "The app stopped with an error",
  CONFIG_ERROR: "README.md has a configuration error", NO_APP_FILE: "There is no app to run yet",
};

export const errorTitle = (stage) => errorTitles[stage] ?? "The app is not running";

export const isServing = (stage) => stage === "RUNNING" || stage === "RUNNING_BUILDING" || stage === "RUNNING_APP_STARTING";

export function panel(stage) {
  if (isServing(stage)) return "serving";
  if (stage === "BUILDING" || stage === "APP_STARTING") return "building";
  if (stage === "SLEEPING") return "sleeping";
  if (stage === "PAUSED" || stage === "STOPPED" || stage === "DELETING") return "paused";
  return "error";
}

/** Updates the page's live stage badge (the shared StageBadge, see js/stages.js). */
export function updateBadges(stage, errorMessage) {
  for (const badge of document.querySelectorAll("[data-live-stage]")) {
    setStage(badge, stage, errorMessage);
  }
}
