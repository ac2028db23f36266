// A table's words on a 2-D map, with a search box: type a word and its nearest
// neighbours by cosine are listed and marked, computed in the page from the
// full rows (embedlab.similarity.nearest_neighbours: itself excluded, most
// similar first, ties to the lower index; a row of zeros has cosine 0).

export function unitRows(vectors) {
  return vectors.map((row) => {
    const norm = Math.sqrt(row.reduce((s, x) => s + x * x, 0));
    return norm > 0 ? row.map((x) => x / norm) : row.map(() => 0);
  });
}

export function neighbours(vectors, index, k) {
  const unit = unitRows(vectors);
  const q = unit[index];
  const scored = [];
  unit.forEach((row, j) => {
    if (j === index) { return; }
    let c = 0;
    for (let t = 0; t < q.length; t++) { c += q[t] * row[t]; }
    scored.push({ id: j, cosine: Math.max(-1, Math.min(1, c)) });
  });
  scored.sort((a, b) => b.cosine - a.cosine || a.id - b.id);
  return scored.slice(0, k);
}

export function lookup(words, query) {
  const q = query.trim().toLowerCase();
  return words.indexOf(q);
}

const SVG = "http://www.w3.org/2000/svg";

function node(tag, attrs = {}, text = "") {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) { n.setAttribute(k, String(v)); }
  if (text) { n.textContent = text; }
  return n;
}

function render({ model, el }) {
  const words = model.get("words");
  const coords = model.get("coords");
  const vectors = model.get("vectors");
  const groups = model.get("groups");
  const colours = model.get("colours");
  const k = model.get("k");
  const root = document.createElement("div");
  root.className = "embedlab-live embedlab-projector";
  const id = "embedlab-projector-" + Math.random().toString(36).slice(2, 10);
  const label = document.createElement("label");
  label.setAttribute("for", id);
  label.textContent = "Find a word";
  const input = document.createElement("input");
  Object.assign(input, { id, type: "search", autocomplete: "off", spellcheck: false });
  input.setAttribute("list", id + "-words");
  input.value = model.get("query");
  const options = document.createElement("datalist");
  options.id = id + "-words";
  for (const w of [...words].sort()) { const o = document.createElement("option"); o.value = w; options.appendChild(o); }
  const status = document.createElement("p");
  status.setAttribute("aria-live", "polite");
  status.className = "embedlab-live-summary";
  const list = document.createElement("ol");
  list.className = "embedlab-neighbours";

  const xs = coords.map((c) => c[0]), ys = coords.map((c) => c[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const W = 600, H = 420, pad = 30;
  const sx = (x) => pad + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (y) => H - pad - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const svg = node("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "embedlab-map" });
  const title = node("title", {}, model.get("alt"));
  svg.appendChild(title);
  const names = [...new Set(groups)];
  const dots = coords.map((c, i) => {
    const dot = node("circle", { cx: sx(c[0]), cy: sy(c[1]), r: 4,
      fill: colours[names.indexOf(groups[i]) % colours.length], "fill-opacity": 0.75 });
    svg.appendChild(dot);
    return dot;
  });
  const labels = node("g", { "font-size": 13, fill: "currentColor" });
  svg.appendChild(labels);
  const legend = document.createElement("p");
  legend.className = "embedlab-legend";
  names.forEach((g, j) => {
    const sw = document.createElement("span");
    sw.style.color = colours[j % colours.length];
    sw.textContent = "\u25CF ";
    legend.append(sw, document.createTextNode(g + (j < names.length - 1 ? "   " : "")));
  });
  root.append(label, input, options, status, list, svg, legend);
  el.appendChild(root);

  function update() {
    const i = lookup(words, input.value);
    list.replaceChildren();
    labels.replaceChildren();
    dots.forEach((d) => { d.setAttribute("r", 4); d.removeAttribute("stroke"); });
    if (i < 0) {
      status.textContent = input.value.trim()
        ? `"${input.value.trim()}" is not one of the ${words.length} words of this table.`
        : `Type one of the ${words.length} words of this table.`;
      return;
    }
    const near = neighbours(vectors, i, k);
    status.textContent = `Nearest ${k} words to "${words[i]}" by cosine: ` +
      near.map((n) => `${words[n.id]} (${n.cosine.toFixed(3)})`).join(", ") + ".";
    for (const n of near) {
      const li = document.createElement("li");
      li.textContent = `${words[n.id]} (${n.cosine.toFixed(3)})`;
      list.appendChild(li);
    }
    // Labels stacked in a column beside the searched word, each joined to its dot,
    // so neighbours that sit on top of each other stay readable.
    const marked = [[i, true], ...near.map((n) => [n.id, false])];
    const right = sx(coords[i][0]) < W / 2;
    const lx = right ? Math.min(sx(coords[i][0]) + 60, W - 90) : Math.max(sx(coords[i][0]) - 60, 90);
    const top = Math.min(Math.max(sy(coords[i][1]) - 8 * marked.length, 16), H - 16 * marked.length);
    marked.forEach(([j, strong], rank) => {
      dots[j].setAttribute("r", strong ? 7 : 6);
      dots[j].setAttribute("stroke", "currentColor");
      const ly = top + 16 * rank;
      labels.appendChild(node("line", { x1: sx(coords[j][0]), y1: sy(coords[j][1]), x2: lx, y2: ly - 4,
        stroke: "currentColor", "stroke-opacity": 0.4 }));
      labels.appendChild(node("text", { x: lx + (right ? 3 : -3), y: ly, "text-anchor": right ? "start" : "end",
        "font-weight": strong ? "bold" : "normal" }, words[j]));
    });
  }
  input.addEventListener("input", () => { model.set("query", input.value); model.save_changes(); update(); });
  update();
}

export default { render };
