// Progressive enhancement only: every page works without JavaScript.
// Buttons that submit a form are disabled after the first click, against double submits
// (the server refuses a repeated submit too, see kern.dubbel).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.verzonden === "ja" && form.method.toLowerCase() === "post") {
    event.preventDefault();
    return;
  }
  form.dataset.verzonden = "ja";
});
