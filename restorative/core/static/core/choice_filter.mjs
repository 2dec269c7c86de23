// Progressive enhancement for long grouped checkboxes (core/includes/grouped_checkboxes.html):
// a box that hides the options whose label does not contain what is typed. Checked options
// always stay visible, so nothing chosen is hidden; a group with nothing left to show hides
// its heading too. Without this script every option is listed and the form works the same.

function enhance(container) {
  const box = container.querySelector(".app-choice-filter");
  const input = box?.querySelector("input");
  const status = box?.querySelector(".app-choice-filter__status");
  if (!box || !input || box.dataset.ready) return;
  box.dataset.ready = "true";
  box.hidden = false;
  const groups = [...container.querySelectorAll(".app-choice-group")];
  const update = () => {
    const words = input.value.trim().toLowerCase();
    let shown = 0;
    for (const group of groups) {
      let groupShown = 0;
      const heading = group.querySelector("h3")?.textContent.toLowerCase() ?? "";
      for (const item of group.querySelectorAll(".govuk-checkboxes__item")) {
        const label = item.querySelector("label")?.textContent.toLowerCase() ?? "";
        const checked = item.querySelector("input")?.checked;
        const match = !words || checked || label.includes(words) || heading.includes(words);
        item.style.display = match ? "" : "none";
        if (match) groupShown += 1;
      }
      group.hidden = groupShown === 0;
      shown += groupShown;
    }
    if (status) status.textContent = words ? `${shown} shown` : "";
  };
  input.addEventListener("input", update);
}

for (const container of document.querySelectorAll("[data-choice-filter]")) enhance(container);
