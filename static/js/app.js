// Progressive enhancement only: every page works without JavaScript.
// Buttons that submit a form are disabled after the first click, against double submits
// (the server refuses a repeated submit too, see kern.dubbel).
// A form with data-bevestig (revoking a role, an API client or a proposal) asks first; a
// refused confirmation sends nothing.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.bevestig && form.dataset.verzonden !== "ja" && !window.confirm(form.dataset.bevestig)) {
    event.preventDefault();
    return;
  }
  if (form.dataset.verzonden === "ja" && form.method.toLowerCase() === "post") {
    event.preventDefault();
    return;
  }
  form.dataset.verzonden = "ja";
});
