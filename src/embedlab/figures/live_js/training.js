// One training step, computed in the page: a mean-of-vectors classifier
// (embedlab.classifiers.MeanPoolClassifier: E[X], mean over the real tokens,
// then x U + b and a softmax cross-entropy averaged over the batch) trained
// from the same start by SGD and by Adam (embedlab.optim.SGD and Adam).

const zeros = (rows, cols) => Array.from({ length: rows }, () => new Array(cols).fill(0));
const copy = (m) => m.map((r) => (Array.isArray(r) ? r.slice() : r));

// Loss and gradients for a batch: ids (B x T, padId marks padding), labels (B).
export function gradients(params, ids, labels, padId) {
  const { E, U, b } = params;
  const V = E.length, d = E[0].length, C = b.length, B = ids.length;
  const gE = zeros(V, d), gU = zeros(d, C), gb = new Array(C).fill(0);
  let loss = 0;
  ids.forEach((row, n) => {
    const real = row.filter((i) => i !== padId);
    const h = new Array(d).fill(0);
    for (const i of real) { for (let j = 0; j < d; j++) { h[j] += E[i][j] / real.length; } }
    const z = b.map((bc, c) => bc + h.reduce((s, hj, j) => s + hj * U[j][c], 0));
    const top = Math.max(...z);
    const ez = z.map((v) => Math.exp(v - top));
    const sum = ez.reduce((s, v) => s + v, 0);
    const p = ez.map((v) => v / sum);
    loss -= Math.log(p[labels[n]]) / B;
    const gz = p.map((pc, c) => (pc - (c === labels[n] ? 1 : 0)) / B);
    const gh = new Array(d).fill(0);
    for (let j = 0; j < d; j++) {
      for (let c = 0; c < C; c++) { gU[j][c] += h[j] * gz[c]; gh[j] += U[j][c] * gz[c]; }
    }
    gz.forEach((g, c) => { gb[c] += g; });
    for (const i of real) { for (let j = 0; j < d; j++) { gE[i][j] += gh[j] / real.length; } }
  });
  return { loss, gE, gU, gb };
}

// The rows of E that a batch looks up (padding excluded): the rows its gradient touches.
export function touchedRows(ids, padId) {
  return [...new Set(ids.flat().filter((i) => i !== padId))].sort((a, b) => a - b);
}

export function newOptimizer(name, params) {
  const like = (m) => m.map((r) => (Array.isArray(r) ? r.map(() => 0) : 0));
  return { name, t: 0, m: { E: like(params.E), U: like(params.U), b: like(params.b) },
           v: { E: like(params.E), U: like(params.U), b: like(params.b) } };
}

// One step of SGD (w -= lr g) or Adam (embedlab.optim.Adam's formula), in place.
export function step(params, opt, grads, settings) {
  opt.t += 1;
  const { lr, beta1, beta2, eps } = settings;
  const c1 = 1 - beta1 ** opt.t, c2 = 1 - beta2 ** opt.t;
  const pairs = [["E", grads.gE], ["U", grads.gU], ["b", grads.gb]];
  for (const [key, g] of pairs) {
    const w = params[key];
    const rows = Array.isArray(w[0]) ? w : [w];
    const grows = Array.isArray(w[0]) ? g : [g];
    const m = Array.isArray(w[0]) ? opt.m[key] : [opt.m[key]];
    const v = Array.isArray(w[0]) ? opt.v[key] : [opt.v[key]];
    rows.forEach((row, r) => row.forEach((x, j) => {
      const gj = grows[r][j];
      if (opt.name === "SGD") { row[j] = x - lr * gj; return; }
      m[r][j] = beta1 * m[r][j] + (1 - beta1) * gj;
      v[r][j] = beta2 * v[r][j] + (1 - beta2) * gj * gj;
      row[j] = x - (lr / c1) * m[r][j] / (Math.sqrt(v[r][j] / c2) + eps);
    }));
  }
}

// Several steps of one optimiser from params (copied): what the tests compare with embedlab.
export function run(params, name, batches, settings, padId) {
  const p = { E: copy(params.E), U: copy(params.U), b: params.b.slice() };
  const opt = newOptimizer(name, p);
  const losses = [];
  let previous = copy(p.E);
  for (const batch of batches) {
    const grads = gradients(p, batch.ids, batch.labels, padId);
    losses.push(grads.loss);
    previous = copy(p.E);
    step(p, opt, grads, settings);
  }
  return { losses, previous, E: p.E, U: p.U, b: p.b };
}

export function start(model) {
  return { E: copy(model.get("E")), U: copy(model.get("U")), b: model.get("b").slice() };
}

function el_(tag, text = "", attrs = {}) {
  const n = document.createElement(tag);
  if (text) { n.textContent = text; }
  for (const [k, v] of Object.entries(attrs)) { n.setAttribute(k, v); }
  return n;
}

function render({ model, el }) {
  const words = model.get("words"), batches = model.get("batches"), padId = model.get("pad_id");
  const settings = model.get("settings");
  const names = ["SGD", "Adam"];
  let runs, steps;
  const root = el_("div", "", { class: "embedlab-live embedlab-training" });
  const group = el_("fieldset");
  group.appendChild(el_("legend", "Batch for the next step"));
  const uid = Math.random().toString(36).slice(2, 10);
  batches.forEach((batch, k) => {
    const id = `embedlab-batch-${uid}-${k}`;
    const radio = el_("input", "", { type: "radio", name: `batch-${uid}`, id, value: String(k) });
    if (k === 0) { radio.checked = true; }
    const label = el_("label", batch.texts.join(" | "), { for: id });
    const line = el_("div");
    line.append(radio, label);
    group.appendChild(line);
  });
  const stepButton = el_("button", "Take one step", { type: "button" });
  const resetButton = el_("button", "Start again", { type: "button" });
  const status = el_("p", "", { "aria-live": "polite", class: "embedlab-live-summary" });
  const table = el_("table");
  root.append(group, stepButton, resetButton, status, table);
  el.appendChild(root);

  function reset() {
    runs = names.map((name) => {
      const params = start(model);
      return { name, params, opt: newOptimizer(name, params), before: copy(params.E), last: null };
    });
    steps = 0;
    status.textContent = "No step yet. Choose a batch and take a step.";
    draw([]);
  }

  function draw(touched) {
    table.replaceChildren(el_("caption", "How far each row of E moved: at the last step, and since the start"));
    const head = el_("tr");
    for (const h of ["id", "word", "looked up by the batch", "SGD: last step", "SGD: since start",
                     "Adam: last step", "Adam: since start"]) { head.appendChild(el_("th", h, { scope: "col" })); }
    table.appendChild(head);
    words.forEach((w, i) => {
      if (i === padId) { return; }
      const row = el_("tr", "", touched.includes(i) ? { class: "embedlab-touched" } : {});
      const cells = [i, w, touched.includes(i) ? "yes" : ""];
      for (const run of runs) {
        const dist = (a, b) => Math.sqrt(a.reduce((s, x, j) => s + (x - b[j]) ** 2, 0));
        cells.push(run.last ? dist(run.params.E[i], run.last[i]).toFixed(4) : "");
        cells.push(dist(run.params.E[i], run.before[i]).toFixed(4));
      }
      for (const c of cells) { row.appendChild(el_("td", String(c))); }
      table.appendChild(row);
    });
  }

  stepButton.addEventListener("click", () => {
    const k = Number(root.querySelector(`input[name="batch-${uid}"]:checked`).value);
    const batch = batches[k];
    const touched = touchedRows(batch.ids, padId);
    const moved = {};
    for (const run of runs) {
      const grads = gradients(run.params, batch.ids, batch.labels, padId);
      run.last = copy(run.params.E);
      step(run.params, run.opt, grads, settings[run.name]);
      moved[run.name] = run.params.E.filter((r, i) => r.some((x, j) => x !== run.last[i][j])).length;
    }
    steps += 1;
    status.textContent = `Step ${steps}, batch ${k + 1}: the gradient touches ${touched.length} rows ` +
      `(${touched.map((i) => words[i]).join(", ")}). SGD moved ${moved.SGD} rows; Adam moved ${moved.Adam}.`;
    draw(touched);
  });
  resetButton.addEventListener("click", reset);
  reset();
}

export default { render };
