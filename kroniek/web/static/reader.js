// Document reader: switch annotation layers on and off.
"use strict";
(function () {
  var text = document.getElementById("doc-text");
  if (!text) return;
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
})();
