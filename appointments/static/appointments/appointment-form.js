// The appointment form, made easier where JavaScript runs; everything here also works
// without it (the server finds a condition by its name, or comes back with suggestions,
// and the error summary's links lead to their fields).
(function () {
  "use strict";

  // Search as you type: the condition field's suggestion list (a <datalist>, so the
  // browser shows and announces it) filled from /appointments/conditions/?q=….
  var input = document.querySelector("input[list='condition-suggestions']");
  var list = document.getElementById("condition-suggestions");
  if (input && list && window.fetch) {
    var timer = null;
    var latest = "";
    var lookup = function () {
      var query = input.value.trim();
      if (query.length < 2 || query === latest) {
        return;
      }
      latest = query;
      var url = input.getAttribute("data-suggestions-url") + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (query !== latest) {
            return; // the answer to an earlier query, arriving late
          }
          list.replaceChildren.apply(
            list,
            data.suggestions.map(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion.name;
              if (suggestion.name !== suggestion.title) {
                option.label = suggestion.title;
              }
              return option;
            })
          );
        })
        .catch(function () {}); // offline: the form still takes the name as typed
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 150);
    });
  }

  // The error summary's links: focus the field and show its whole block (label, hint
  // and message), which the browser's own jump would leave above the screen's top edge.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) {
        return;
      }
      event.preventDefault();
      (field.closest(".form-field") || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
      history.replaceState(null, "", link.hash);
    });
  });
})();
