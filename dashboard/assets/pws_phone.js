/* On a phone the filters start folded (the map comes first); a tap on their title opens them. Dash
   renders pages after load, so each page's <details class="pws-filters"> is caught as it appears. */
(function () {
    if (window.innerWidth > 600) { return; }
    var seen = new WeakSet();
    function fold() {
        document.querySelectorAll('details.pws-filters').forEach(function (el) {
            if (!seen.has(el)) { seen.add(el); el.open = false; }
        });
    }
    new MutationObserver(fold).observe(document.documentElement, {childList: true, subtree: true});
})();
