/* Runs in <head>, before the page is drawn: applies the remembered view (parallel / zh / en)
   so the page does not flash. Storage may be unavailable (file://, privacy settings): then the default. */
(function () {
  "use strict";
  try {
    var view = window.localStorage.getItem("teiedit.view");
    if (view === "zh" || view === "en" || view === "parallel") {
      document.documentElement.setAttribute("data-view", view);
    }
  } catch (e) { /* no storage: keep the default view */ }
  document.documentElement.classList.add("js");
})();
