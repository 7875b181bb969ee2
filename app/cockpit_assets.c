/* The cockpit's one stylesheet and one script, served from the binary. */
#include <string.h>

#include "cockpit.h"
#include "http.h"

static const char cockpit_css[] =
":root{--fg:#1d2330;--muted:#5f6b7a;--line:#dde2ea;--bg:#f4f6f9;"
"--card:#fff;--accent:#1f6feb;--danger:#c62828;--ok:#1b7f3b;--warn:#8a5a00}"
"*{box-sizing:border-box}"
"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
"'DejaVu Sans',sans-serif;color:var(--fg);background:var(--bg)}"
"header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;"
"padding:.6rem 1.5rem;background:#182030;color:#e8edf5}"
"header .brand{font-weight:700;letter-spacing:.02em}"
"header .crumbs{flex:1;color:#aab6c8}header .crumbs a{color:#fff}"
"header .tools{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;"
"font-size:.9em}"
"header a{color:#cfe0ff}header code{color:#fff}"
"main{max-width:1200px;margin:1.5rem auto;padding:0 1rem}"
"details.advanced{margin:1rem 0}details.advanced summary{cursor:pointer;"
"font-weight:600}"
".card{background:var(--card);border:1px solid var(--line);border-radius:8px;"
"padding:1.25rem 1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}"
".card.narrow{max-width:640px;margin:0 auto}"
".bar{display:flex;align-items:center;gap:1rem;margin-bottom:1rem}"
".bar h1{flex:1;margin:0}h1{font-size:1.35rem;margin:0 0 1rem}"
"a.create{margin-left:auto;display:inline-flex;align-items:center;gap:.35rem;"
"background:var(--accent);color:#fff;text-decoration:none;padding:.45rem .9rem;"
"border-radius:6px;font-weight:600}"
"a.create span{font-size:1.25em;line-height:1}"
".scroll{overflow-x:auto}"
"table{width:100%;border-collapse:collapse}"
"th,td{text-align:left;padding:.55rem .5rem;border-bottom:1px solid var(--line);"
"vertical-align:top}"
"th{font-size:.8em;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}"
"td.desc{max-width:22rem;white-space:pre-wrap;overflow-wrap:anywhere}"
".hint code,code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
"font-size:.85em;color:var(--muted)}"
".perm{display:inline-block;background:#eef2f8;border-radius:4px;"
"padding:0 .35rem;margin:0 .15rem .15rem 0;font-size:.85em}"
".status{font-weight:600;font-size:.85em;padding:.1rem .45rem;border-radius:999px;"
"white-space:nowrap}"
".status.active{background:#e3f4e8;color:var(--ok)}"
".status.pending{background:#fff4d6;color:var(--warn)}"
".status.revoked{background:#fde7e7;color:var(--danger)}"
".status.expired{background:#eceff3;color:var(--muted)}"
".muted{color:var(--muted)}.empty{color:var(--muted)}"
".flash{background:#e3f4e8;border:1px solid #b9e2c5;padding:.5rem .8rem;"
"border-radius:6px}"
".error{background:#fde7e7;border:1px solid #f3c0c0;padding:.5rem .8rem;"
"border-radius:6px}"
".warning{background:#fff4d6;border:1px solid #f1d48a;padding:.6rem .8rem;"
"border-radius:6px;font-weight:600}"
".field{margin:0 0 1rem;border:0;padding:0}"
"label,legend{display:block;font-weight:600;margin-bottom:.3rem}"
"input,select,textarea{font:inherit;width:100%;padding:.45rem .55rem;"
"border:1px solid #c3cad5;border-radius:6px;background:#fff}"
"[aria-invalid=true]{border-color:var(--danger)}"
".field-error{color:var(--danger);margin:.3rem 0 0;font-size:.9em}"
"label.check{display:inline-flex;align-items:center;gap:.35rem;"
"font-weight:400;margin-right:1.2rem}"
"label.check input{width:auto}label.check.disabled{color:var(--muted)}"
"div.actions{display:flex;justify-content:flex-end;align-items:center;gap:1rem;"
"margin-top:1rem}"
"button{font:inherit;cursor:pointer;border-radius:6px;padding:.45rem .9rem;"
"border:1px solid #c3cad5;background:#fff}"
"button.primary{background:var(--accent);border-color:var(--accent);color:#fff;"
"font-weight:600}"
"button.danger{background:#fff;border-color:var(--danger);color:var(--danger)}"
"button.link{background:none;border:0;color:#cfe0ff;padding:0;"
"text-decoration:underline}"
"form.inline{display:inline}"
".picker{display:flex;align-items:center;gap:.5rem}"
".picker label{margin:0}.picker select{width:auto}"
".secret{display:flex;gap:.5rem}.secret input{font-family:ui-monospace,"
"'DejaVu Sans Mono',monospace}"
"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}"
".sr{position:absolute;left:-9999px}"
"@media (max-width:800px){.desc{display:none}}\n";

static const char cockpit_js[] =
"'use strict';\n"
"// Improves the pages; everything works without it.\n"
"document.addEventListener('DOMContentLoaded', function () {\n"
"  document.querySelectorAll('[data-copy]').forEach(function (b) {\n"
"    b.addEventListener('click', function () {\n"
"      var f = document.getElementById(b.getAttribute('data-copy'));\n"
"      var done = function () { b.textContent = b.getAttribute('data-copied'); };\n"
"      f.select();\n"
"      if (navigator.clipboard && window.isSecureContext)\n"
"        navigator.clipboard.writeText(f.value).then(done, function () {\n"
"          document.execCommand('copy'); done(); });\n"
"      else { document.execCommand('copy'); done(); }\n"
"    });\n"
"  });\n"
"  document.querySelectorAll('form[data-confirm]').forEach(function (f) {\n"
"    f.addEventListener('submit', function (e) {\n"
"      if (!window.confirm(f.getAttribute('data-confirm'))) {\n"
"        e.preventDefault(); return; }\n"
"      var c = document.createElement('input');\n"
"      c.type = 'hidden'; c.name = 'confirm'; c.value = 'yes';\n"
"      f.appendChild(c);\n"
"    });\n"
"  });\n"
"  var pick = document.getElementById('pick');\n"
"  if (pick) pick.addEventListener('change', function () { pick.form.submit(); });\n"
"});\n";

void
cockpit_asset(struct request *req)
{
	const char	*name = req->param[0];

	if (strcmp(name, "cockpit.css") == 0) {
		buf_add(&req->resp.body, cockpit_css, sizeof(cockpit_css) - 1);
		req->resp.content_type = "text/css; charset=utf-8";
	} else if (strcmp(name, "cockpit.js") == 0) {
		buf_add(&req->resp.body, cockpit_js, sizeof(cockpit_js) - 1);
		req->resp.content_type = "text/javascript; charset=utf-8";
	} else {
		cockpit_error(req, 404, cockpit_t(req, T_ERR_NOT_FOUND));
		return;
	}
	req->resp.status = 200;
	resp_header(req, "Cache-Control", "public, max-age=3600");
}
