// The look of a Space's stage (same table as Components/Shared/StageLook.cs) and an in-place update of a StageBadge.
export const stageLooks = {
  RUNNING: ["Running", "running"],
  RUNNING_BUILDING: ["Running · building", "running"],
  RUNNING_APP_STARTING: ["Running · starting", "running"],
  BUILDING: ["Building", "progress"],
  APP_STARTING: ["Starting", "progress"],
  NO_APP_FILE: ["No app file", "warning"],
  CONFIG_ERROR: ["Config error", "error"],
  BUILD_ERROR: ["Build error", "error"],
  RUNTIME_ERROR: ["Runtime error", "error"],
  SLEEPING: ["Sleeping", "idle"],
  PAUSED: ["Paused", "idle"],
  STOPPED: ["Stopped", "idle"],
  DELETING: ["Deleting", "idle"],
};

const tones = ["running", "progress", "warning", "error", "idle"];

/**
 * Shows `stage` (a Hub name such as "RUNNING") on a badge rendered by StageBadge (an element with data-stage-badge).
 * @param {HTMLElement} badge
 * @param {string} stage
 * @param {string | null} [tooltip] e.g. the error message
 */
export function setStage(badge, stage, tooltip = null) {
  const [label, tone] = stageLooks[stage] ?? [stage, "idle"];
  badge.dataset.stage = stage;
  for (const t of tones) {
    badge.classList.toggle(`stage-${t}`, t === tone);
  }
  const text = badge.querySelector(".stage-label");
  if (text) {
    text.textContent = label;
  }
  badge.title = tooltip || stage;
}
