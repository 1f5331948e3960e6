// Teddy's page: the shop front (default) and the dashboard (?view=dashboard), one page, no build step.
// The URL holds the whole state, so a reload or a shared link shows the same.
import { $ } from "./dom.js";
import { initShop, readState, showShop } from "./shop.js";
import { initDashboard, showDashboard } from "./dashboard.js";

let firstExample = "";
let dashboardReady = false;
let lastShop = "";

function viewOf(search = location.search) {
  return new URLSearchParams(search).get("view") === "dashboard" ? "dashboard" : "shop";
}

async function render() {
  const view = viewOf();
  $("shop").hidden = view !== "shop";
  $("dashboard").hidden = view !== "dashboard";
  for (const name of ["shop", "dashboard"]) {
    const link = $(`nav-${name}`);
    if (name === view) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  document.title = view === "dashboard" ? "Teddy — dashboard" : "Teddy — shop front";
  if (view === "dashboard") {
    if (!dashboardReady) { initDashboard(); dashboardReady = true; }
    await showDashboard();
  } else {
    lastShop = location.search;
    const state = readState();
    if (!state.user && firstExample) {
      state.user = firstExample;
      history.replaceState(null, "", `?user=${encodeURIComponent(firstExample)}`);
    }
    await showShop(state);
  }
}

/** Goes to a URL of this page (pushes it, so Back works) and shows it. */
async function navigate(url) {
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  await render();
}

window.addEventListener("popstate", render);
for (const name of ["shop", "dashboard"]) {
  $(`nav-${name}`).addEventListener("click", (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(name === "dashboard" ? "?view=dashboard" : lastShop || location.pathname);
  });
}

(async () => {
  firstExample = await initShop(navigate);
  await render();
  document.body.dataset.ready = "true";
})();
