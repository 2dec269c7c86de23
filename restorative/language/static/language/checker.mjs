// Restorative language suggestions while people write (progressive enhancement).
//
// Every <textarea data-language-check> gets suggestions from POST /language/suggest/ a moment
// after typing stops, as JSON: one group per flagged term as written, with every place it
// stands; groups already shown come back as their id alone, so an answer carries only what
// changed. Each term's category and reason come once per page from /language/suggest/terms/.
// A suggestion offers one-click replacements (already in the form of the
// words written) and advice as text, "Keep my wording" (with an optional reason), both counted
// by POST /language/feedback/ (counts only, no text), and "This isn't right here", reported by
// POST /language/report/ (the server keeps only the sentence's masked shape).
// Without JavaScript the suggestions appear after saving; with it they appear here, so the
// hidden values that ask for them after saving are removed. Suggestions never block saving.
const DELAY_MS = 600;

function csrfToken(element) {
  const form = element.closest("form");
  const input =
    (form && form.querySelector("input[name=csrfmiddlewaretoken]")) ||
    document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function post(url, fields, token) {
  const body = new URLSearchParams();
  for (const [name, value] of fields) body.append(name, value);
  return fetch(url, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
  });
}

function matchCase(original, suggestion) {
  const first = original.charAt(0);
  if (first && first === first.toUpperCase() && first !== first.toLowerCase()) {
    return suggestion.charAt(0).toUpperCase() + suggestion.slice(1);
  }
  return suggestion;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function hidden(text) {
  return el("span", { class: "govuk-visually-hidden" }, text);
}

function reasonSelect(id, label, attribute, choices, labelClass) {
  const select = el("select", { class: "govuk-select", id, [attribute]: "" }, el("option", { value: "" }, "No reason given"));
  for (const [value, text] of choices) select.append(el("option", { value }, text));
  return [el("label", { class: labelClass, for: id }, label), select];
}

// One group as a list item: the words, how often, why, the replacements (buttons), the
// advice (text, never inserted), "Keep my wording" and "This isn't right here".
function renderGroup(group, terms, fieldId) {
  const [category, reason, termAdvice] = terms.terms[group.term] || ["", "", []];
  const advice = group.advice || termAdvice;
  const id = `${fieldId}-suggestion-${group.id}`;
  const [start, end] = group.at[0];
  const quoted = `“${group.text}”`;
  const item = el("li", {
    class: "app-language-finding",
    "data-id": group.id,
    "data-term": group.term,
    "data-text": group.text,
    "data-start": String(start),
    "data-end": String(end),
  });
  const times = group.at.length > 1 ? ` (${group.at.length} times)` : "";
  item.append(
    el("p", { class: "govuk-body govuk-!-margin-bottom-1" }, el("strong", {}, quoted), times, " ", el("span", { class: "govuk-tag govuk-tag--grey" }, category)),
    el("p", { class: "govuk-body-s govuk-!-margin-bottom-2" }, reason),
  );
  if (group.use.length) {
    const buttons = el("div", { class: "govuk-button-group govuk-!-margin-bottom-2" });
    for (const words of group.use) {
      buttons.append(el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1", "data-language-replace": words }, `Use “${words}”`, hidden(` instead of ${quoted}`)));
    }
    item.append(buttons);
  }
  if (advice.length) {
    const lead = group.use.length ? "Or " : "Instead: ";
    item.append(el("p", { class: "govuk-body-s govuk-!-margin-bottom-2", "data-language-advice": "" }, `${lead}${advice.join("; or ")}.`));
  }
  item.append(
    el("details", { class: "govuk-details govuk-!-margin-bottom-2" },
      el("summary", { class: "govuk-details__summary" }, el("span", { class: "govuk-details__summary-text" }, "Keep my wording", hidden(`: ${quoted}`))),
      el("div", { class: "govuk-details__text" },
        el("div", { class: "govuk-form-group govuk-!-margin-bottom-2" }, ...reasonSelect(`${id}-reason`, "Reason (optional)", "data-language-reason", terms.keep_reasons, "govuk-label govuk-label--s")),
        el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", "data-language-keep": "" }, `Keep ${quoted}`),
      ),
    ),
  );
  const report = el("div", { class: "govuk-form-group govuk-!-margin-bottom-3 app-language-report" }, ...reasonSelect(`${id}-report-reason`, "Why this suggestion is not right here (optional)", "data-language-report-reason", terms.report_reasons, "govuk-label govuk-body-s"));
  report.querySelector("select").classList.add("govuk-!-margin-bottom-1");
  report.append(el("button", { type: "button", class: "govuk-button govuk-button--warning govuk-!-margin-bottom-0", "data-language-report": "" }, "This isn’t right here", hidden(` for ${quoted}`)));
  item.append(report);
  return item;
}

// The term details for this page, fetched once (again only if a term is new to them).
let termsRequest = null;
function loadTerms(url, token, groups) {
  const missing = (terms) => groups.some((group) => typeof group !== "string" && !(group.term in terms.terms));
  if (termsRequest) {
    return termsRequest.then((terms) => (terms && !missing(terms) ? terms : fetchTerms(url)));
  }
  return fetchTerms(url);
}
function fetchTerms(url) {
  termsRequest = fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  return termsRequest;
}

function enhance(textarea) {
  const region = document.getElementById(`${textarea.id}-language`);
  if (!region) return;
  const url = textarea.dataset.languageUrl;
  const termsUrl = textarea.dataset.languageTermsUrl;
  const feedbackUrl = textarea.dataset.languageFeedbackUrl;
  const reportUrl = textarea.dataset.languageReportUrl;
  const form = textarea.closest("form");
  if (form) {
    for (const hidden of form.querySelectorAll("input[data-language-checked]")) {
      const mine =
        (hidden.name === "language-checked" && hidden.value === textarea.name) ||
        hidden.name === `language-member-${textarea.name}`;
      if (mine) hidden.remove();
    }
  }
  const member = textarea.dataset.languageMember || "";
  const token = csrfToken(textarea);
  const kept = new Set();
  const shown = new Set();
  let timer = null;
  let sequence = 0;

  // Draw the groups in the order the server gave, keeping the items already shown.
  function draw(groups, terms) {
    const shownItems = new Map();
    for (const item of region.querySelectorAll("[data-id]")) shownItems.set(item.dataset.id, item);
    if (!groups.length) {
      region.replaceChildren();
      return;
    }
    const list = el("ul", { class: "govuk-list" });
    for (const group of groups) {
      const item = typeof group === "string" ? shownItems.get(group) : renderGroup(group, terms, textarea.id);
      if (item) list.append(item);
    }
    const count = list.children.length;
    region.replaceChildren(
      el("div", { class: "govuk-inset-text app-language-panel" }, el("h2", { class: "govuk-heading-s" }, `Language suggestions (${count})`), list),
    );
  }

  async function check() {
    const mine = ++sequence;
    const fields = [
      ["text", textarea.value],
      ["field", textarea.id],
      ["member", member],
    ];
    for (const term of kept) fields.push(["keep", term]);
    for (const term of shown) fields.push(["shown", term]);
    for (const item of region.querySelectorAll("[data-id]")) fields.push(["have", item.dataset.id]);
    let answer;
    let terms;
    try {
      const response = await post(url, fields, token);
      if (!response.ok || mine !== sequence) return;
      answer = await response.json();
      terms = await loadTerms(termsUrl, token, answer.groups);
    } catch {
      return; // offline or refused: the writer carries on, nothing is blocked
    }
    if (mine !== sequence || !terms) return;
    draw(answer.groups, terms);
    for (const item of region.querySelectorAll("[data-term]")) shown.add(item.dataset.term);
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY_MS);
  }

  // Counted first, then checked again: one request at a time from each field.
  async function feedbackThenCheck(term, outcome, reason) {
    try {
      await post(feedbackUrl, [["term", term], ["outcome", outcome], ["reason", reason || ""]], token);
    } catch {
      // a lost count never gets in the writer's way
    }
    await check();
  }

  // "This isn't right here": the server finds the suggestion again and keeps only counts and
  // the masked shape of the sentence around it.
  async function reportThenCheck(item, reason) {
    try {
      await post(
        reportUrl,
        [
          ["term", item.dataset.term],
          ["text", textarea.value],
          ["start", item.dataset.start],
          ["end", item.dataset.end],
          ["field", textarea.id],
          ["page", window.location.pathname],
          ["member", member],
          ["reason", reason || ""],
        ],
        token,
      );
    } catch {
      // a lost report never gets in the writer's way
    }
    await check();
  }

  region.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !region.contains(button)) return;
    const item = button.closest("[data-term]");
    if (!item) return;
    const { term, text } = item.dataset;
    if (button.hasAttribute("data-language-replace")) {
      const start = Number(item.dataset.start);
      const end = Number(item.dataset.end);
      const at = textarea.value.slice(start, end) === text ? start : textarea.value.indexOf(text);
      if (at < 0) return; // the text has changed since: the next check will catch up
      const replacement = matchCase(text, button.dataset.languageReplace);
      textarea.value = textarea.value.slice(0, at) + replacement + textarea.value.slice(at + text.length);
      textarea.focus();
      textarea.setSelectionRange(at + replacement.length, at + replacement.length);
      feedbackThenCheck(term, "accepted");
    } else if (button.hasAttribute("data-language-report")) {
      const reason = item.querySelector("[data-language-report-reason]");
      kept.add(term);
      textarea.focus();
      reportThenCheck(item, reason ? reason.value : "");
    } else if (button.hasAttribute("data-language-keep")) {
      const reason = item.querySelector("[data-language-reason]");
      kept.add(term);
      textarea.focus();
      feedbackThenCheck(term, "kept", reason ? reason.value : "");
    }
  });

  textarea.addEventListener("input", schedule);
  if (textarea.value.trim()) check();
}

for (const textarea of document.querySelectorAll("textarea[data-language-check]")) enhance(textarea);
// Text that says when suggestions appear: "after saving" without scripts, "as you type" here.
for (const note of document.querySelectorAll("[data-language-live-text]")) {
  note.textContent = note.dataset.languageLiveText;
}
