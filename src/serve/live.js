/* playbook watch: reloads the page after each good rebuild (keeping the
 * scroll position) and shows the project's errors in an overlay while the
 * last good page stays up. Injected by the dev server only. */
(function () {
  "use strict";
  var key = "playbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = Number(saved);
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var overlay = null;
  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "playbook-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#1d2430;color:#fff;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;" +
        "border-top:4px solid #b42318;box-shadow:0 -8px 24px rgba(0,0,0,.3);white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = text;
  }
  var source = new EventSource("/__playbook/events");
  source.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  source.addEventListener("errors", function (event) { showErrors(event.data); });
})();
