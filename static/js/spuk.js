// SPUK pages: the status box polls while a recomputation runs (htmx); once it has finished,
// reload the page so that the new figures show.
document.addEventListener("htmx:beforeRequest", function (event) {
  var el = event.detail.elt;
  if (el && el.id === "spuk-status") {
    document.body.dataset.spukWachtte = "1";
  }
});
document.addEventListener("htmx:afterSettle", function () {
  var status = document.getElementById("spuk-status");
  if (status && status.dataset.lopend === "0" && document.body.dataset.spukWachtte === "1") {
    window.location.reload();
  }
});
