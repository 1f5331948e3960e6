// The shop front: pick a shopper and filters (all kept in the URL), see their list with why each product is there,
// click a product to record the click and open its panel. Catalog text is only ever set as text.
import { $, el, getJson, postJson, money, percent, count } from "./dom.js";

const PLACEHOLDER = "/assets/placeholder.svg";
const VISITOR_KEY = "teddy.visitor";
const FILTERS = ["category", "brand", "min_price", "max_price"];

const PART_WORDS = {
  both: "Both",
  content: "Similar products",
  collaborative: "Shoppers like you",
  popular: "Popular",
};
const PART_HINTS = {
  both: "Both parts of the hybrid proposed it: products like the ones this shopper viewed, and what similar shoppers chose.",
  content: "Proposed for its likeness to products this shopper viewed (content).",
  collaborative: "Proposed because shoppers with similar histories chose it (collaborative).",
  popular: "A popular product (cold start, or filling a short list).",
};
const CTR_WORDS = { high_ctr: "High CTR", medium_ctr: "Medium CTR", low_ctr: "Low CTR", insufficient_data: "New brand" };

let current = null; // the list shown: the API's response
let lastFocus = null;

/** The shop's state as the URL holds it. */
export function readState(search = location.search) {
  const q = new URLSearchParams(search);
  return {
    user: q.get("user") || "",
    k: q.get("k") || "20",
    method: q.get("method") || "",
    category: q.get("category") || "",
    brand: q.get("brand") || "",
    min_price: q.get("min_price") || "",
    max_price: q.get("max_price") || "",
    in_stock: q.get("in_stock") === "false" ? "false" : "true",
  };
}

function formState() {
  return {
    user: $("user").value.trim(),
    k: $("count").value,
    method: $("method").value,
    category: $("category").value,
    brand: $("brand").value.trim(),
    min_price: $("min-price").value,
    max_price: $("max-price").value,
    in_stock: $("in-stock").checked ? "true" : "false",
  };
}

function fillForm(state) {
  $("user").value = state.user;
  setSelect($("count"), state.k);
  setSelect($("method"), state.method);
  setSelect($("category"), state.category);
  $("brand").value = state.brand;
  $("min-price").value = state.min_price;
  $("max-price").value = state.max_price;
  $("in-stock").checked = state.in_stock !== "false";
}

function setSelect(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.append(el("option", { value }, value));
  select.value = value;
}

/** The page URL for a state (defaults left out, so links stay short). */
function urlFor(state) {
  const q = new URLSearchParams();
  if (state.user) q.set("user", state.user);
  if (state.k && state.k !== "20") q.set("k", state.k);
  if (state.method) q.set("method", state.method);
  for (const name of FILTERS) if (state[name]) q.set(name, state[name]);
  if (state.in_stock === "false") q.set("in_stock", "false");
  const text = q.toString();
  return text ? `?${text}` : location.pathname;
}

/** The API URL of a state's list. The id goes as a query parameter (every id works, even "." and ".."). */
function apiUrlFor(state) {
  // encodeURIComponent, not URLSearchParams, for the id: Teddy reads a '+' in an id as a plus, not a space.
  const q = new URLSearchParams({ k: state.k || "20" });
  if (state.method) q.set("method", state.method);
  for (const name of FILTERS) if (state[name]) q.set(name, state[name]);
  if (state.in_stock === "false") q.set("in_stock", "false");
  return `/api/recommendations/-?user_id=${encodeURIComponent(state.user)}&${q}`;
}

function status(text) { $("status").textContent = text; }

export async function showShop(state) {
  fillForm(state);
  if (state.user) await recommend(state);
  else if (!current) status("Pick a shopper, or start as a new visitor.");
}

async function recommend(state, { quiet = false } = {}) {
  if (!quiet) status("Loading…");
  const { ok, status: code, body } = await getJson(apiUrlFor(state));
  if (!ok) {
    $("grid").replaceChildren();
    $("strip").hidden = true;
    current = null;
    status(body?.detail || `The recommendations could not be loaded (${code}).`);
    return;
  }
  current = body;
  renderList(body);
  if (quiet) return;
  const n = body.recommendations.length;
  status(`${n} recommendation${n === 1 ? "" : "s"} for ${body.user_id}` +
    (body.known_user ? "" : body.recent_events > 0 ? " (a new shopper, personalised from this visit)" : " (a new shopper: popular picks)"));
}

function renderList(list) {
  const grid = $("grid");
  grid.replaceChildren(...list.recommendations.map((item) => el("li", {}, card(item, list, "recommendations"))));
  renderStrip(list);
}

function renderStrip(list) {
  $("strip").hidden = false;
  $("strip-model").textContent = `${list.model_type} · version ${list.model_version}${list.method ? ` · ${list.method}` : ""}`;
  $("strip-weights").textContent = list.content_weight_used == null
    ? "not a hybrid list (one model made it)"
    : `content ${list.content_weight_used.toFixed(2)} · collaborative ${list.cf_weight_used.toFixed(2)}`;
  $("strip-dynamic").textContent = list.dynamic_weights === "active" ? "active (Thompson sampling from clicks)" : "off";
  $("strip-dynamic").dataset.state = list.dynamic_weights;
  // When popular products made or filled the list, say so first (the list's method is then not the one asked for).
  $("strip-reason").textContent = [list.fallback_reason, list.optimization_reason].filter(Boolean).join(" ") || "–";
  const recent = $("strip-recent");
  recent.hidden = !(list.recent_events > 0);
  recent.textContent = list.recent_events > 0 ? `Updated from your last ${list.recent_events} view${list.recent_events === 1 ? "" : "s"}` : "";
  recent.dataset.count = String(list.recent_events || 0);
}

function partOf(item) {
  const sources = item.sources || [];
  const content = sources.includes("content");
  const collaborative = sources.includes("collaborative") || sources.includes("itemknn");
  if (content && collaborative) return "both";
  if (content) return "content";
  if (collaborative) return "collaborative";
  if (item.recommendation_type === "content") return "content";
  if (item.recommendation_type === "collaborative" || item.recommendation_type === "itemknn") return "collaborative";
  return "popular";
}

function colourValue(name) {
  const css = String(name || "").toLowerCase().replace(/[^a-z]/g, "");
  return css && window.CSS && CSS.supports("color", css) ? css : null;
}

/** One product as a button: picture with its overlay, title, price, reason and badges. */
function card(item, list, kind) {
  const img = el("img", { alt: item.title, loading: "lazy", decoding: "async", width: 240, height: 240 });
  img.addEventListener("error", () => {
    if (img.src.endsWith(PLACEHOLDER)) return;
    img.src = PLACEHOLDER;
    img.classList.add("broken");
    img.alt = `${item.title} (picture unavailable)`;
  });
  img.src = item.image_url || PLACEHOLDER;

  const overlay = el("span", { className: "overlay" });
  if (item.brand) overlay.append(el("span", { className: "chip brand-chip" }, item.brand));
  if (item.discount_percent > 0) overlay.append(el("span", { className: "chip discount" }, `−${Math.round(item.discount_percent)}%`));
  const age = (item.age_groups || [])[0];
  if (age) overlay.append(el("span", { className: "chip age" }, age));
  const colour = (item.colors || [])[0];
  if (colour) {
    const swatch = el("span", { className: "swatch", title: `Colour: ${colour}` }, el("span", { className: "visually-hidden" }, `Colour: ${colour}`));
    const css = colourValue(colour);
    if (css) swatch.style.backgroundColor = css; else swatch.classList.add("unknown");
    overlay.append(swatch);
  }

  const price = el("span", { className: "price" }, el("span", { className: "now" }, money(item.price)));
  if (item.original_price != null && item.price != null && item.original_price > item.price) {
    price.append(" ", el("s", { className: "was" }, el("span", { className: "visually-hidden" }, "was "), money(item.original_price)));
  }

  const part = partOf(item);
  const ctrCategory = item.ctr_brand_performance || "insufficient_data";
  const ctrTip = item.brand_ctr
    ? `${item.brand || "This brand"}: smoothed CTR ${percent(item.brand_ctr.smoothed_ctr, 2)} (${count(item.brand_ctr.clicks)} clicks in ${count(item.brand_ctr.impressions)} impressions)`
    : `${item.brand || "This brand"}: not shown to shoppers yet, so no click-through rate (CTR) yet`;
  const badges = el("span", { className: "badges" },
    el("span", { className: `part part-${part}`, title: PART_HINTS[part] }, PART_WORDS[part]),
    el("span", { className: `ctr ctr-${ctrCategory}`, title: ctrTip, "data-tooltip": ctrTip },
      CTR_WORDS[ctrCategory] || ctrCategory, el("span", { className: "visually-hidden" }, `. ${ctrTip}`)));

  const button = el("button", { type: "button", className: "card", "data-product-id": item.product_id, "data-position": item.position },
    el("span", { className: "picture" }, img, overlay),
    el("span", { className: "title" }, item.title),
    price,
    el("span", { className: "reason" }, item.reason || ""),
    badges);
  button.addEventListener("click", () => choose(item, list, kind, button));
  return button;
}

function newClickId() {
  return (crypto.randomUUID && crypto.randomUUID()) || `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/**
 * A product was chosen: record the click and the detail-page-view it is, open its panel, and refresh the list.
 * Both go with the list's attribution token. The server counts them once: the view's event id is derived from the token
 * and product, so the click's own view and this event are one row in the events table, and click-through analytics
 * counts a token and product once however many records carry it (README, "Which clicks count, once").
 */
async function choose(item, list, kind, button) {
  if (kind === "recommendations") lastFocus = button;
  const user = kind === "recommendations" ? list.user_id : current?.user_id || $("user").value.trim();
  const click = await postJson("/api/clicks", {
    click_id: newClickId(),
    user_id: user,
    product_id: item.product_id,
    position: item.position,
    recommendation_type: item.recommendation_type,
    model_version: list.model_version,
    attribution_token: list.attribution_token,
  });
  const view = await postJson("/api/events", {
    eventType: "detail-page-view",
    visitorId: user,
    eventTime: new Date().toISOString(),
    attributionToken: list.attribution_token,
    productDetails: [{ product: { id: item.product_id }, quantity: 1 }],
  });
  if (click.ok && view.ok) {
    button.classList.add("clicked");
    status(`Click on “${item.title}” recorded.`);
  } else {
    status(`The click was not recorded (${click.ok ? view.status : click.status}): ${(click.ok ? view.body : click.body)?.detail || "try again"}.`);
  }
  await openPanel(item.product_id);
  // The shopper's next list folds the view in at once (real time), no retrain needed.
  if (click.ok && current) await recommend(readState(), { quiet: true });
}

async function openPanel(productId) {
  const dialog = $("panel");
  const [product, similar] = await Promise.all([
    getJson(`/api/products?product_id=${encodeURIComponent(productId)}`),
    getJson(`/api/products/-/similar?product_id=${encodeURIComponent(productId)}&k=6`),
  ]);
  if (!product.ok) {
    status(product.body?.detail || `The product could not be loaded (${product.status}).`);
    return;
  }
  const p = product.body;
  $("panel-title").textContent = p.title;
  const image = $("panel-image");
  image.onerror = () => { if (!image.src.endsWith(PLACEHOLDER)) image.src = PLACEHOLDER; };
  image.src = p.image_url || PLACEHOLDER;
  image.alt = p.title;
  const price = $("panel-price");
  price.replaceChildren(el("span", { className: "now" }, money(p.price)));
  if (p.original_price != null && p.price != null && p.original_price > p.price) price.append(" ", el("s", { className: "was" }, money(p.original_price)));
  const facts = $("panel-facts");
  facts.replaceChildren(...[
    ["Brand", p.brand], ["Category", p.category], ["Availability", `${p.availability}${p.in_stock ? " (in stock)" : ""}`],
    ["Age groups", (p.age_groups || []).join(", ")], ["Colours", (p.colors || []).join(", ")],
    ["Discount", p.discount_percent > 0 ? `${Math.round(p.discount_percent)}%` : ""], ["Product id", p.product_id],
  ].filter(([, v]) => v).flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  $("panel-description").textContent = p.description || "";

  const variants = $("panel-variants");
  const caption = variants.querySelector("caption");
  variants.replaceChildren(caption);
  if ((p.variants || []).length === 0) {
    variants.append(el("tbody", {}, el("tr", {}, el("td", { className: "empty" }, "This product has no variants."))));
  } else {
    variants.append(el("thead", {}, el("tr", {}, ["Variant", "Colours", "Sizes", "Price", "Availability"].map((t) => el("th", { scope: "col" }, t)))),
      el("tbody", {}, p.variants.map((v) => el("tr", {},
        el("th", { scope: "row" }, v.title || v.product_id), el("td", {}, (v.colors || []).join(", ")), el("td", {}, (v.sizes || []).join(", ")),
        el("td", { className: "num" }, money(v.price)), el("td", {}, v.in_stock ? "In stock" : v.availability)))));
  }

  const list = $("panel-similar");
  if (similar.ok) {
    list.replaceChildren(...similar.body.recommendations.map((item) => el("li", {}, card(item, similar.body, "similar"))));
    if (similar.body.recommendations.length === 0) list.replaceChildren(el("li", { className: "empty" }, "No similar products in stock."));
  } else {
    list.replaceChildren(el("li", { className: "empty" }, similar.body?.detail || "Similar products could not be loaded."));
  }
  if (!dialog.open) dialog.showModal();
  $("panel-close").focus();
}

function newVisitorId() {
  let id = localStorage.getItem(VISITOR_KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    id = `visitor-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    localStorage.setItem(VISITOR_KEY, id);
  }
  return id;
}

async function loadChoices() {
  const [examples, facets] = await Promise.all([getJson("/api/users/examples"), getJson("/api/catalog/facets")]);
  if (examples.ok) {
    $("example-users").replaceChildren(...examples.body.user_ids.map((id) => el("option", { value: id })));
  }
  if (facets.ok) {
    const select = $("category");
    const chosen = select.value;
    select.replaceChildren(el("option", { value: "" }, "Any category"),
      el("optgroup", { label: "Departments" }, facets.body.top_level_categories.map((c) => el("option", { value: c.value }, `${c.value} (${c.products})`))),
      el("optgroup", { label: "Categories" }, facets.body.categories.map((c) => el("option", { value: c.value }, `${c.value} (${c.products})`))));
    setSelect(select, chosen);
    $("brands").replaceChildren(...facets.body.brands.map((b) => el("option", { value: b.value })));
    if (facets.body.price.max != null) {
      $("min-price").placeholder = String(Math.floor(facets.body.price.min));
      $("max-price").placeholder = String(Math.ceil(facets.body.price.max));
    }
  }
  return examples.ok ? examples.body.user_ids : [];
}

/** Wires the form; navigate(url) changes the URL and re-renders. Returns the first example shopper. */
export async function initShop(navigate) {
  $("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(urlFor(formState()));
  });
  $("new-visitor").addEventListener("click", () => {
    $("user").value = newVisitorId();
    navigate(urlFor(formState()));
  });
  $("panel-close").addEventListener("click", () => $("panel").close());
  $("panel").addEventListener("close", () => {
    // Back to the card that opened the panel; the list may have been refreshed meanwhile, so find it again by product.
    const id = lastFocus?.dataset.productId;
    const target = lastFocus && document.contains(lastFocus) ? lastFocus
      : [...document.querySelectorAll("#grid .card")].find((c) => c.dataset.productId === id) || document.querySelector("#grid .card");
    if (target) target.focus();
  });
  const examples = await loadChoices();
  return examples[0] || "";
}

export { urlFor };
