// Questions with instant feedback, answered in the page. A question is
// {kind: "choice", prompt, options, correct, why, feedback} or
// {kind: "number", prompt, answer, tolerance, why, low, high}.

export function parseNumber(text) {
  const t = String(text).trim().replace(/\u2212/g, "-");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) { return null; }
  return Number(t);
}

// {correct, message} for a response: an option index, or the text typed.
export function grade(q, response) {
  if (q.kind === "choice") {
    if (response === null || response === undefined || response < 0) {
      return { correct: false, message: "Choose one of the answers first." };
    }
    if (response === q.correct) { return { correct: true, message: "Correct. " + q.why }; }
    const hint = (q.feedback && q.feedback[String(response)]) || "";
    return { correct: false, message: "Not quite. " + (hint ? hint + " " : "") + "Try again." };
  }
  const x = parseNumber(response);
  if (x === null) { return { correct: false, message: "Type a number, such as 0.25 or 3e-4." }; }
  if (Math.abs(x - q.answer) <= q.tolerance) { return { correct: true, message: "Correct. " + q.why }; }
  const hint = x < q.answer ? q.low : q.high;
  return { correct: false, message: `Not quite: ${x} is too ${x < q.answer ? "low" : "high"}. ` +
                                    (hint ? hint + " " : "") + "Try again." };
}

function make(tag, text = "", attrs = {}) {
  const n = document.createElement(tag);
  if (text) { n.textContent = text; }
  for (const [k, v] of Object.entries(attrs)) { n.setAttribute(k, v); }
  return n;
}

function render({ model, el }) {
  const uid = Math.random().toString(36).slice(2, 10);
  const root = make("div", "", { class: "embedlab-live embedlab-quiz" });
  root.appendChild(make("p", "Answer on the page: each answer is checked at once, and a wrong one gets a hint.",
                        { class: "embedlab-quiz-intro" }));
  model.get("questions").forEach((q, n) => {
    const box = make("fieldset", "", { class: "embedlab-question" });
    box.appendChild(make("legend", q.prompt));
    let read;
    if (q.kind === "choice") {
      q.options.forEach((option, i) => {
        const id = `embedlab-quiz-${uid}-${n}-${i}`;
        const line = make("div");
        line.append(make("input", "", { type: "radio", name: `quiz-${uid}-${n}`, id, value: String(i) }),
                    make("label", option, { for: id }));
        box.appendChild(line);
      });
      read = () => {
        const picked = box.querySelector("input:checked");
        return picked ? Number(picked.value) : null;
      };
    } else {
      const id = `embedlab-quiz-${uid}-${n}`;
      const input = make("input", "", { type: "text", inputmode: "decimal", id, autocomplete: "off" });
      box.append(make("label", "Your answer", { for: id }), input);
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") { check(); } });
      read = () => input.value;
    }
    const button = make("button", "Check", { type: "button" });
    const feedback = make("p", "", { "aria-live": "polite", class: "embedlab-live-summary" });
    function check() {
      const result = grade(q, read());
      feedback.textContent = result.message;
      feedback.className = "embedlab-live-summary " + (result.correct ? "embedlab-right" : "embedlab-wrong");
    }
    button.addEventListener("click", check);
    box.append(button, feedback);
    root.appendChild(box);
  });
  el.appendChild(root);
}

export default { render };
