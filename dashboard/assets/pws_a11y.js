/* Accessibility repairs of the Dash 4.4 component markup, re-applied whenever Dash re-renders (found by
   axe-core in tests/browser/test_pages_readable.py):
   - <html lang>: Dash's page has none; a screen reader then reads Indonesian with English rules.
   - dcc.Dropdown: the keyboard reaches a hidden (aria-hidden) input instead of the button; the button
     gets the tab stop and its field's label as part of its name.
   - dcc.RadioItems / dcc.Checklist: a listbox of options wrapping native inputs (nested interactive
     controls, no name): a plain radio group / group named by its label.
   - dcc.Upload: its file input gets a name.
   - A sideways-scrolling table box (.pws-table-scroll) gets a tab stop (axe: scrollable-region-focusable). */
(function () {
    function lang() {
        var query = new URLSearchParams(window.location.search).get('lang');
        if (query === 'en' || query === 'id') { return query; }
        return /(?:^|;\s*)pws_lang=en/.test(document.cookie) ? 'en' : 'id';
    }
    function set(el, name, value) {
        if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
    }
    function labelFor(id) {
        var label = document.querySelector('label[for="' + id + '"]');
        if (label && !label.id) { label.id = id + '-label'; }
        return label;
    }
    function repair() {
        set(document.documentElement, 'lang', lang());
        document.querySelectorAll('.dash-dropdown-wrapper').forEach(function (wrap) {
            var hidden = wrap.querySelector('input.dash-dropdown-focus-target');
            var button = wrap.querySelector('button.dash-dropdown');
            if (hidden) { set(hidden, 'tabindex', '-1'); }
            if (button) {
                set(button, 'tabindex', '0');
                var label = button.id ? labelFor(button.id) : null;
                var named = button.getAttribute('aria-labelledby') || '';
                if (label && named.indexOf(label.id) !== 0) {
                    set(button, 'aria-labelledby', (label.id + ' ' + named).trim());
                }
            }
        });
        // only RadioItems / Checklist: a dropdown's popup list is a real listbox and keeps its options
        document.querySelectorAll('.dash-radioitems[role="listbox"], .dash-checklist[role="listbox"]')
            .forEach(function (list) {
            var radio = list.querySelector('input[type="radio"]');
            set(list, 'role', radio ? 'radiogroup' : 'group');
            var label = list.id ? labelFor(list.id) : null;
            if (label) { set(list, 'aria-labelledby', label.id); }
            else if (!list.getAttribute('aria-label')) { set(list, 'aria-label', list.textContent.trim()); }
            list.querySelectorAll('label[role="option"]').forEach(function (option) {
                option.removeAttribute('role');
                option.removeAttribute('aria-selected');
            });
        });
        // a table that scrolls sideways (the village profile's) must be reachable by keyboard to scroll
        document.querySelectorAll('.pws-table-scroll').forEach(function (box) { set(box, 'tabindex', '0'); });
        document.querySelectorAll('input[type="file"]').forEach(function (input) {
            if (!input.getAttribute('aria-label')) {
                var zone = input.closest('[id]');
                set(input, 'aria-label', zone ? zone.textContent.trim() || 'file' : 'file');
            }
        });
    }
    var queued = false;
    new MutationObserver(function () {
        if (queued) { return; }
        queued = true;
        window.requestAnimationFrame(function () { queued = false; repair(); });
    }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                          attributeFilter: ['tabindex', 'role', 'aria-labelledby']});
    repair();
})();
