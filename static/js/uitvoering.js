// Progressive enhancement for the cost line form: show the fields that belong to the chosen
// kind (fte and cost per fte for formatie, an amount for other costs). Without JavaScript every
// field stays visible and the server says which ones are needed.
(function () {
  const formulier = document.querySelector("form[data-kostenformulier]");
  if (!formulier) return;
  const soort = formulier.querySelector("select[data-kostensoort]");
  if (!soort) return;
  const veldgroep = (naam) => {
    const invoer = formulier.querySelector(`[name="${naam}"]`);
    return invoer ? invoer.closest(".utrecht-form-field") : null;
  };
  const formatie = [veldgroep("fte"), veldgroep("kosten_per_fte")];
  const overig = [veldgroep("bedrag")];
  const toon = () => {
    const isFormatie = soort.value === "formatie";
    formatie.forEach((g) => g && (g.hidden = !isFormatie));
    overig.forEach((g) => g && (g.hidden = isFormatie));
  };
  soort.addEventListener("change", toon);
  toon();
})();
