// Progressive enhancement for the inburgering pages; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // Status form: the new leerroute only matters for an overstap, so hide it otherwise.
  const status = document.getElementById("id_status");
  const leerroute = document.getElementById("id_leerroute");
  if (status && leerroute && status.querySelector('option[value="overstap"]')) {
    const veld = leerroute.closest(".utrecht-form-field");
    const bijwerken = () => {
      // Keep it visible when the server reported an error on it.
      const heeftFout = veld.classList.contains("utrecht-form-field--invalid");
      veld.hidden = status.value !== "overstap" && !heeftFout;
    };
    status.addEventListener("change", bijwerken);
    bijwerken();
  }

  // New person: changing doelgroep, leerroute or startdatum makes the proposal outdated;
  // say so next to the confirm button instead of silently confirming old figures.
  const bevestig = document.querySelector('button[name="bevestig"]');
  if (bevestig && document.getElementById("id_doelgroep")) {
    ["id_doelgroep", "id_leerroute", "id_startdatum"].forEach((id) => {
      const veld = document.getElementById(id);
      if (!veld) return;
      veld.addEventListener("change", () => {
        const melding = document.getElementById("voorstel-verouderd");
        if (melding) melding.hidden = false;
      });
    });
  }
});
