// A new commit may change README.md's card: when a build starts, the header's title, emoji and description are read again.
export function createCardView(root) {
  const title = root.querySelector("[data-card-title]");
  if (!title) return null;
  const emoji = root.querySelector("[data-card-emoji]");
  const description = root.querySelector("[data-card-description]");
  const [owner, name] = root.dataset.spaceId.split("/");
  let last = root.dataset.stage;

  async function refresh() {
    const response = await fetch(`/api/spaces/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const card = (await response.json()).cardData ?? {};
    if (typeof card.title === "string" && card.title) title.textContent = card.title;
    emoji.textContent = typeof card.emoji === "string" && card.emoji ? card.emoji : "🚀"; // the page's default, as SpaceCard.Parse
    if (description) description.textContent = typeof card.short_description === "string" ? card.short_description : "";
  }

  return {
    stage(event) {
      const building = event.stage === "BUILDING" || event.stage === "RUNNING_BUILDING";
      if (building && last !== event.stage) refresh().catch(() => {});
      last = event.stage;
    },
  };
}
