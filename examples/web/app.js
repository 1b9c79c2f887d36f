// Health-score calculator for the built-in model: one field per input of the model, the score,
// its tier (in the tier's colour) and the explanation per dimension and signal, recomputed on
// every change. Uses the `--target web` build of tenure-wasm (./pkg, made by scripts/test-wasm.sh).
import init, { HealthModel } from "./pkg/tenure_wasm.js";

await init();
const model = HealthModel.builtin();
const spec = JSON.parse(model.toJson());
const $ = (selector) => document.querySelector(selector);
const form = $("#inputs");
$("#model-id").textContent = `(${model.id})`;

const make = (tag, props = {}, children = []) => {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
};
const signalLabels = new Map();

// One field per input key, in model order (a ratio signal reads two inputs).
for (const dimension of spec.dimensions) {
  const fieldset = make("fieldset", {}, [make("legend", { textContent: `${dimension.label ?? dimension.key} (${dimension.weight})` })]);
  for (const signal of dimension.signals) {
    signalLabels.set(signal.key, signal.label ?? signal.key);
    const kind = signal.kind;
    const keys = kind.type === "ratio" ? [kind.numerator, kind.denominator] : [kind.input ?? signal.key];
    for (const key of keys) {
      let field;
      if (kind.type === "categorical" || kind.type === "boolean") {
        const options = kind.type === "boolean" ? ["true", "false"] : kind.categories.map((c) => c.value);
        field = make("select", {}, [make("option", { value: "", textContent: "(missing)" }),
          ...options.map((value) => make("option", { value, textContent: value }))]);
      } else {
        field = make("input", { type: "number", step: kind.type === "count" ? "1" : "any", placeholder: "(missing)" });
        if (kind.type === "count") field.min = "0";
      }
      field.id = `input-${key}`;
      field.name = key;
      field.dataset.kind = kind.type;
      const caption = kind.type === "ratio" ? `${signal.label ?? signal.key}: ${key}` : signal.label ?? signal.key;
      fieldset.append(make("label", {}, [make("span", {}, [caption, make("small", { textContent: key })]), field]));
    }
  }
  form.append(fieldset);
}

function readInputs() {
  const inputs = {};
  for (const field of form.elements) {
    if (!field.name || field.value === "") continue;
    if (field.dataset.kind === "boolean") inputs[field.name] = field.value === "true";
    else if (field.dataset.kind === "categorical") inputs[field.name] = field.value;
    else inputs[field.name] = Number(field.value);
  }
  return inputs;
}

const fmt = (x, digits = 2) => (x === null || x === undefined ? "—" : Number(x.toFixed(digits)).toString());

function render() {
  const body = $("#explanation tbody");
  $("#error").textContent = "";
  let score;
  try {
    score = model.score({ id: "calculator", inputs: readInputs() });
  } catch (error) {
    $("#error").textContent = `${error.code ?? "error"}: ${error.message}`;
    return;
  }
  const scored = score.composite !== null;
  $("#score").textContent = scored ? score.composite.toFixed(1) : "—";
  $("#score").dataset.composite = scored ? String(score.composite) : "";
  const tier = $("#tier");
  tier.textContent = score.tier ? score.tier.label ?? score.tier.key : "no tier";
  tier.dataset.tier = score.tier?.key ?? "";
  tier.dataset.colour = score.tier?.colour ?? "";
  tier.style.background = score.tier?.colour ?? "#ddd";
  $("#status").textContent = `status: ${score.status.replace("_", " ")}`;
  $("#coverage").textContent = `coverage: ${(score.coverage * 100).toFixed(1)}%`;
  $("#next-tier").textContent = score.nextTier
    ? `${score.nextTier.pointsNeeded} points to ${score.nextTier.key}` + (score.topLift ? `; most lift: ${score.topLift}` : "")
    : "";
  body.replaceChildren();
  for (const dimension of score.dimensions) {
    const spec_ = spec.dimensions.find((d) => d.key === dimension.key);
    body.append(make("tr", { className: "dimension" }, [
      make("td", { textContent: spec_?.label ?? dimension.key }), make("td"), make("td"),
      make("td", { className: "num", textContent: fmt(dimension.points) }),
      make("td", { className: "num", textContent: `${fmt(dimension.effectiveWeight * 100, 1)}%` }),
      make("td", { className: "num", textContent: fmt(dimension.contribution) }),
      make("td", { textContent: `lift ${fmt(dimension.lift)}` }),
    ]));
    for (const signal of dimension.signals) {
      const row = make("tr", { className: "signal" }, [
        make("td", { textContent: signalLabels.get(signal.key) ?? signal.key }),
        make("td", { textContent: signal.input === null ? "—" : JSON.stringify(signal.input) }),
        make("td", { textContent: signal.bandLabel ?? "" }),
        make("td", { className: "num", textContent: fmt(signal.points) }),
        make("td", { className: "num", textContent: `${fmt(signal.effectiveWeight * 100, 1)}%` }),
        make("td", { className: "num", textContent: fmt(signal.contribution) }),
        make("td", { textContent: signal.source }),
      ]);
      row.dataset.signal = signal.key;
      row.dataset.points = signal.points === null ? "" : String(signal.points);
      body.append(row);
    }
  }
  for (const issue of score.issues) {
    body.append(make("tr", {}, [make("td", { colSpan: 7, textContent: `${issue.path}: ${issue.kind.replaceAll("_", " ")} (${JSON.stringify(issue.value)}), treated as missing` })]));
  }
}

form.addEventListener("input", render);
form.addEventListener("change", render);
render();
document.body.dataset.ready = "true";
