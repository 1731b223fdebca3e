/* Number cells of the AG Grid tables, in the page's language: the same rules as dashboard/format.py
   (Indonesian 1.234,5; English 1,234.5; missing is "–", never 0). Cells keep their numbers, so sorting,
   filtering and the server-side CSV export stay numeric. */
window.PWSformat = (function () {
    function grouped(text, sep) {
        return text.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    }
    function number(value, lang, decimals) {
        if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) {
            return '\u2013';
        }
        var x = Number(value);
        var text;
        if (decimals === null || decimals === undefined) {
            text = Number.isInteger(x) ? x.toFixed(0) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
        } else {
            text = x.toFixed(decimals);
        }
        var negative = text.charAt(0) === '-';
        if (negative) { text = text.slice(1); }
        var parts = text.split('.');
        var en = lang === 'en';
        var out = grouped(parts[0], en ? ',' : '.') + (parts.length > 1 ? (en ? '.' : ',') + parts[1] : '');
        return (negative ? '\u2212' : '') + out;
    }
    function percent(value, lang, decimals) {
        var text = number(value, lang, decimals === undefined ? 1 : decimals);
        return text === '\u2013' ? text : text + '%';
    }
    function rowId(value) {
        return value === null || value === undefined ? '' : String(value);
    }
    // CSV export in the browser (OWASP CSV injection, as etl/csvsafe.py on the server): a text cell starting
    // with = + - @ tab or CR is prefixed with ' so that a spreadsheet shows it instead of running it; numbers
    // stay numbers.
    function csvCell(params) {
        var value = params.value;
        if (value === null || value === undefined) { return ''; }
        if (typeof value === 'number') { return value; }
        var text = String(value);
        return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    }
    // dash-ag-grid evaluates its "function" strings with window.dashAgGridFunctions in scope.
    var dagfuncs = window.dashAgGridFunctions = window.dashAgGridFunctions || {};
    dagfuncs.PWSnumber = number;
    dagfuncs.PWSpercent = percent;
    dagfuncs.PWSrowId = rowId;
    dagfuncs.PWScsvCell = csvCell;
    return {number: number, percent: percent, rowId: rowId};
})();
