// Progressive enhancement for the import progress page: fetch the page again every two
// seconds and update the figure in place; reload once the import has finished. Without
// JavaScript the page offers a "Check progress now" link instead of refreshing by itself
// (WCAG 2.2.1: no automatic refresh the person did not ask for).
const progress = document.getElementById("progress");

async function poll() {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const latest = page.getElementById("progress");
  if (!latest) {
    window.location.reload();
    return;
  }
  progress.textContent = latest.textContent;
  window.setTimeout(poll, 2000);
}

if (progress) window.setTimeout(poll, 2000);
