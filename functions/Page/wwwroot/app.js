// Teddy's page: asks the API for recommendations, shows them, and reports clicks.
// Catalog text is only ever assigned with textContent, never as HTML.
"use strict";

const PLACEHOLDER = "/assets/placeholder.svg";
const form = document.getElementById("ask");
const grid = document.getElementById("grid");
const status = document.getElementById("status");
const template = document.getElementById("card");

function money(value) {
  return value == null ? "" : value.toLocaleString(undefined, { style: "currency", currency: "USD" });
}

function newClickId() {
  return (crypto.randomUUID && crypto.randomUUID()) || `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

async function recordClick(item, position, list, card) {
  const body = {
    click_id: newClickId(),
    user_id: list.user_id,
    product_id: item.product_id,
    position,
    recommendation_type: item.recommendation_type,
    model_version: list.model_version,
    // Ties the click to the list it was on (its impression: method, weights, position).
    attribution_token: list.attribution_token,
  };
  const response = await fetch("/api/clicks", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.ok) {
    card.classList.add("clicked");
    status.textContent = `Click on “${item.title}” recorded.`;
  } else {
    status.textContent = `The click was not recorded (${response.status}).`;
  }
}

function render(list) {
  grid.replaceChildren();
  list.recommendations.forEach((item, index) => {
    const card = template.content.firstElementChild.cloneNode(true);
    const img = card.querySelector("img");
    img.addEventListener("error", () => { if (!img.src.endsWith(PLACEHOLDER)) img.src = PLACEHOLDER; }, { once: false });
    img.src = item.image_url || PLACEHOLDER;
    img.alt = item.title;
    card.querySelector(".title").textContent = item.title;
    card.querySelector(".brand").textContent = item.brand;
    card.querySelector(".price").textContent = money(item.price);
    card.querySelector(".badge").textContent = item.discount_percent > 0 ? `−${Math.round(item.discount_percent)}%` : "";
    card.querySelector(".type").textContent = item.recommendation_type;
    card.querySelector(".reason").textContent = item.reason || "";
    card.dataset.productId = item.product_id;
    const click = () => recordClick(item, index + 1, list, card);
    card.addEventListener("click", click);
    card.addEventListener("keydown", (e) => { if (e.key === "Enter") click(); });
    grid.appendChild(card);
  });
  const weights = list.content_weight_used == null ? ""
    : ` · content ${list.content_weight_used} / collaborative ${list.cf_weight_used} (${list.dynamic_weights === "active" ? "adaptive" : "fixed"})`;
  document.getElementById("model").textContent = `${list.model_type} · model ${list.model_version}${weights}`;
  document.getElementById("model").title = list.optimization_reason || "";
}

async function recommend(event) {
  if (event) event.preventDefault();
  const user = document.getElementById("user").value.trim();
  if (!user) return;
  const params = new URLSearchParams({ k: document.getElementById("count").value });
  const method = document.getElementById("method").value;
  if (method) params.set("method", method);
  status.textContent = "Loading…";
  // The id goes as a query parameter (the path's id written as "-"), so every id works, even "." and "..";
  // encodeURIComponent, not URLSearchParams, because Teddy reads a '+' in an id as a plus, not a space.
  const response = await fetch(`/api/recommendations/-?user_id=${encodeURIComponent(user)}&${params}`);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    grid.replaceChildren();
    status.textContent = body.detail || `Request failed (${response.status}).`;
    return;
  }
  render(body);
  status.textContent = `${body.recommendations.length} recommendations for ${body.user_id}` +
    (body.known_user ? "" : " (new shopper: popular picks)");
  history.replaceState(null, "", `?user=${encodeURIComponent(user)}`);
}

async function loadExampleUsers() {
  const response = await fetch("/api/users/examples");
  if (!response.ok) return [];
  const body = await response.json();
  const list = document.getElementById("example-users");
  for (const id of body.user_ids) {
    const option = document.createElement("option");
    option.value = id;
    list.appendChild(option);
  }
  return body.user_ids;
}

form.addEventListener("submit", recommend);
(async () => {
  const fromQuery = new URLSearchParams(location.search).get("user");
  const examples = await loadExampleUsers().catch(() => []);
  const input = document.getElementById("user");
  input.value = fromQuery || examples[0] || "";
  if (input.value) recommend();
})();
