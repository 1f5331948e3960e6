// Small DOM helpers. Every piece of data is set with textContent or a property/attribute, never parsed as HTML.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = String(value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
export const count = (value) => (value == null ? "–" : number.format(value));
export const fixed = (value, digits = 4) => (value == null || !Number.isFinite(value) ? "–" : Number(value).toFixed(digits));
export const percent = (value, digits = 1) => (value == null || !Number.isFinite(value) ? "–" : `${(value * 100).toFixed(digits)}%`);
export const money = (value) => (value == null ? "" : new Intl.NumberFormat("en", { style: "currency", currency: "USD" }).format(value));

/** Fetches JSON; returns { ok, status, body } and never throws on HTTP errors. */
export async function getJson(url, options = {}) {
  try {
    const response = await fetch(url, options);
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = null; }
    return { ok: response.ok, status: response.status, body };
  } catch (error) {
    return { ok: false, status: 0, body: { detail: `The app could not be reached (${error.message}).` } };
  }
}

export const postJson = (url, body, headers = {}) =>
  getJson(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });

/** A table from rows: columns are [{ title, value(row) → string|Node, numeric?, key? }]. */
export function fillTable(table, columns, rows, rowAttributes = () => ({})) {
  const caption = table.querySelector("caption");
  table.replaceChildren();
  if (caption) table.append(caption);
  table.append(el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", className: c.numeric ? "num" : null }, c.title)))));
  const body = el("tbody");
  for (const row of rows) {
    body.append(el("tr", rowAttributes(row), columns.map((c, i) => {
      const value = c.value(row);
      const cell = el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, className: c.numeric ? "num" : null }, value);
      if (c.key) cell.dataset.key = c.key;
      if (c.raw) cell.dataset.value = String(c.raw(row));
      return cell;
    })));
  }
  if (rows.length === 0) body.append(el("tr", {}, el("td", { colspan: columns.length, className: "empty" }, "Nothing yet.")));
  table.append(body);
}

/** A <dl> from [term, description] pairs; descriptions may be nodes. */
export function fillFacts(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, description, key]) => [
    el("dt", {}, term),
    el("dd", key ? { "data-key": key } : {}, description),
  ]));
}
