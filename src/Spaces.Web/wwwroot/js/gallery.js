// Live search for gallery forms (form[data-live-search="#results-id"]): typing, filter changes and page links fetch the same
// GET page and swap the results region in place, keeping the URL shareable. Without JavaScript the form submits as usual.
const debounceMs = 200;

for (const form of document.querySelectorAll("form[data-live-search]")) {
  const results = document.querySelector(form.dataset.liveSearch);
  if (!results) {
    continue;
  }
  for (const button of form.querySelectorAll("[data-no-js]")) {
    button.hidden = true;
  }

  let controller = null;
  let timer = 0;

  const urlOf = (page) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() !== "") {
        params.set(key, value.trim());
      }
    }
    if (page) {
      params.set("page", page);
    }
    const query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  };

  const load = async (url) => {
    controller?.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, signal: controller.signal });
      const html = await response.text();
      const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(form.dataset.liveSearch);
      if (fresh) {
        results.innerHTML = fresh.innerHTML;
        history.replaceState(null, "", url);
        results.dispatchEvent(new CustomEvent("spaces:results", { bubbles: true }));
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        results.insertAdjacentHTML("afterbegin",
          '<div class="alert alert-warning" role="alert">Search is not reachable right now. Check your connection and try again.</div>');
      }
    } finally {
      results.removeAttribute("aria-busy");
    }
  };

  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    const delay = event.target.matches("input[type=search], input[type=text]") ? debounceMs : 0;
    timer = setTimeout(() => load(urlOf()), delay);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load(urlOf());
  });
  results.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-page-link]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      load(link.href).then(() => results.scrollIntoView({ block: "start", behavior: "smooth" }));
    }
  });
}
