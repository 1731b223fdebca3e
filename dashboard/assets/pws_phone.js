/* Phones and narrow windows.
   - The filters start folded on a phone (the map comes first); a tap on their title opens them. Dash
     renders pages after load, so each page's <details class="pws-filters"> is caught as it appears.
   - A map whose zoom the server fitted for a wider box (layout.meta.fit_width, fit_zoom: Perbandingan,
     PWS) zooms out to fit the box it really has, so the kabupaten is not cut off on both sides. Only the
     server's own zoom is changed, never one the user chose. */
(function () {
    var phone = window.innerWidth <= 600;
    var seen = new WeakSet();
    var resized = window.ResizeObserver ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { refit(entry.target); });
    }) : null;
    function refit(el) {
        var meta = el.layout && el.layout.meta;
        var map = el.layout && el.layout.map;
        if (!meta || !meta.fit_width || !map || map.zoom !== meta.fit_zoom || !window.Plotly) { return; }
        var ratio = el.clientWidth / meta.fit_width;
        if (ratio > 0 && ratio < 0.9) {
            window.Plotly.relayout(el, {'map.zoom': Math.round((meta.fit_zoom + Math.log2(ratio)) * 100) / 100});
        }
    }
    function scan() {
        if (phone) {
            document.querySelectorAll('details.pws-filters').forEach(function (el) {
                if (!seen.has(el)) { seen.add(el); el.open = false; }
            });
        }
        document.querySelectorAll('.js-plotly-plot').forEach(function (el) {
            if (!seen.has(el) && typeof el.on === 'function') {
                seen.add(el);
                el.on('plotly_afterplot', function () { refit(el); });
                // a map first drawn while dcc.Loading hides it has no width then: refit when it gets one
                // (the PWS and Peringatan maps kept their desktop zoom on a phone, now and then)
                if (resized) { resized.observe(el); }
            }
            refit(el);
        });
    }
    new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});
    // and once a second: under load a figure can be replaced after its last DOM change and size change
    window.setInterval(scan, 1000);
})();
