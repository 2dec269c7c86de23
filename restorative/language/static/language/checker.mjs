// Restorative language suggestions while people write (progressive enhancement).
//
// Every <textarea data-language-check> gets suggestions from POST /language/suggest/ a moment
// after typing stops. A suggestion offers one-click replacements (already in the form of the
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

function enhance(textarea) {
  const region = document.getElementById(`${textarea.id}-language`);
  if (!region) return;
  const url = textarea.dataset.languageUrl;
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

  async function check() {
    const mine = ++sequence;
    const fields = [
      ["text", textarea.value],
      ["field", textarea.id],
      ["member", member],
    ];
    for (const term of kept) fields.push(["keep", term]);
    for (const term of shown) fields.push(["shown", term]);
    let response;
    try {
      response = await post(url, fields, token);
    } catch {
      return; // offline or refused: the writer carries on, nothing is blocked
    }
    if (!response.ok || mine !== sequence) return;
    const html = await response.text();
    if (mine !== sequence) return;
    region.innerHTML = html;
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
