/* Runs in <head>, before the page is drawn: applies the remembered view (parallel / zh / en) and
   interface language (en / zh)
   so the page does not flash. Storage may be unavailable (file://, privacy settings): then the default. */
(function () {
  "use strict";
  try {
    var view = window.localStorage.getItem("teiedit.view");
    if (view === "zh" || view === "en" || view === "parallel") {
      document.documentElement.setAttribute("data-view", view);
    }
    var ui = window.localStorage.getItem("teiedit.ui");
    if (ui === "zh" || ui === "en") {
      /* html/@lang follows the interface language; the texts carry their own lang attributes */
      document.documentElement.setAttribute("data-ui", ui);
      document.documentElement.setAttribute("lang", ui === "zh" ? "zh-Hans" : "en");
    }
  } catch (e) { /* no storage: keep the default view */ }
  document.documentElement.classList.add("js");
})();
