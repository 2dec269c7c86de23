// Progressive enhancement: show the "Print this page" button and make it open the print
// window. Without JavaScript the page says how to print with the browser's own command.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
