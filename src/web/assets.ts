// The stylesheet and script every page loads from the server itself: no
// outside assets, so pages work offline. Light and dark schemes follow the
// system; the layout narrows to one column on a phone.

export const STYLESHEET = `
:root{color-scheme:light dark;--fg:#1d1f21;--bg:#fff;--muted:#666;--line:#d8d8d8;--panel:#f4f5f7;--link:#0645ad;
--add:#116329;--add-bg:#e6ffec;--del:#82071e;--del-bg:#ffebe9;--hunk:#6639ba;--accent:#2f6fb7;--warn:#9a6700;--bad:#cf222e;--good:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#16181b;--muted:#a0a0a0;--line:#3a3d42;--panel:#22252a;--link:#8ab4f8;
--add:#7ee787;--add-bg:#12261a;--del:#ffa198;--del-bg:#2d1215;--hunk:#d2a8ff;--accent:#6ca4e8;--warn:#d29922;--bad:#f85149;--good:#3fb950}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
header.top{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;padding:.5rem 1rem;background:var(--panel);border-bottom:1px solid var(--line)}
header.top .brand{font-weight:700;text-decoration:none;color:var(--fg)}
header.top nav{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;margin-left:auto}
header.top form{display:inline;margin:0}
main{max-width:80rem;margin:0 auto;padding:.8rem 1rem 2rem}
h1{font-size:1.35rem;margin:.6rem 0;overflow-wrap:anywhere}
h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
pre{background:var(--panel);padding:.6rem;overflow-x:auto;margin:.4rem 0;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre.diff{white-space:pre}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere}
.add{color:var(--add);background:var(--add-bg)}.del{color:var(--del);background:var(--del-bg)}.hunk{color:var(--hunk)}.file{font-weight:700}
table{border-collapse:collapse;width:100%}
th,td{padding:.3rem .5rem;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
th a{color:inherit}
table.facts{width:auto}table.facts th{white-space:nowrap;color:var(--muted);font-weight:600}
.patchlist td.name{overflow-wrap:anywhere;min-width:14rem}
.patchlist tr.current{outline:2px solid var(--accent);outline-offset:-2px}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:var(--muted)}
.s-success{color:var(--good)}.s-warning{color:var(--warn)}.s-fail{color:var(--bad)}.s-pending{color:var(--muted)}
.flash{padding:.5rem .8rem;border-left:4px solid var(--accent);background:var(--panel);margin:.6rem 0}
.flash.error{border-color:var(--bad)}
form.filters,fieldset{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;border:1px solid var(--line);padding:.5rem .8rem;margin:.6rem 0}
fieldset legend{font-weight:600;padding:0 .3rem}
.field{display:flex;flex-direction:column;gap:.15rem}.field label{font-size:.85rem;color:var(--muted)}
label.inline{display:flex;align-items:center;gap:.35rem}
input,select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.25rem .45rem}
button{cursor:pointer;background:var(--panel)}
button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}
.comment{border-left:3px solid var(--line);padding-left:.8rem;margin:1rem 0}
.pages{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.6rem 0}
.pages a,.pages span{padding:.1rem .45rem;border:1px solid var(--line);border-radius:4px;text-decoration:none}
.pages .here{background:var(--accent);color:#fff;border-color:var(--accent)}
.token{font:1rem ui-monospace,monospace;word-break:break-all;padding:.4rem;background:var(--panel)}
details>summary{cursor:pointer;color:var(--link)}
.scroll{overflow-x:auto}
@media (max-width:40rem){main{padding:.5rem}.patchlist .wide{display:none}th,td{padding:.25rem .3rem}}
`;

/** Progressive enhancement only: every page works without it. */
export const SCRIPT = `
(function(){
  var all=document.querySelector('input[data-select-all]');
  if(all){all.addEventListener('change',function(){
    document.querySelectorAll('table.patchlist input[name="patch"]').forEach(function(b){b.checked=all.checked;});});}
  var rows=[].slice.call(document.querySelectorAll('table.patchlist tbody tr'));
  if(!rows.length)return;
  var at=-1;
  function go(i){if(i<0||i>=rows.length)return;if(at>=0)rows[at].classList.remove('current');at=i;
    rows[at].classList.add('current');rows[at].scrollIntoView({block:'nearest'});}
  document.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey)return;
    var t=e.target&&e.target.tagName;if(t==='INPUT'||t==='SELECT'||t==='TEXTAREA')return;
    if(e.key==='j')go(at+1);
    else if(e.key==='k')go(at<0?0:at-1);
    else if(e.key==='Enter'&&at>=0){var a=rows[at].querySelector('td.name a');if(a)location.href=a.href;}
    else if(e.key==='a'&&at>=0){
      var f=document.getElementById('accept-one');var box=rows[at].querySelector('input[name="patch"]');
      if(f&&box){f.querySelector('input[name="patch"]').value=box.value;f.submit();}
    }
  });
})();
`;

/** The site icon, so browsers do not ask for a /favicon.ico that is not there. */
export const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2f6fb7"/><path d="M4 4h8M4 8h8M4 12h5" stroke="#fff" stroke-width="2"/></svg>';
