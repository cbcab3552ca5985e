/* Dekningskart: the page around the content speaks the reader's language (issue 19, items 9 and 10).
 *
 * Mounted once per page by dashboard/widgets.page_chrome (a Streamlit component without a frame), with data:
 *   lang, title, skip           the <html lang>, the tab's title and the skip link's words
 *   words {english: text}       Streamlit's and Leaflet's own English labels (aria-label, title, placeholder)
 *   prefixes {english: text}    the same for labels that go on with the control's name ("Help for …")
 *   making, made, made_now, failed   what a download says while its file is made ({what}, {s})
 *
 * Labels (and the tooltips that repeat them): every English original is kept in data-dk-<attribute>, so switching
 * to English puts it back;
 * React may write the English again on a rerender, and the observer swaps it again.
 * Downloads: Streamlit disables a download button while its file is made on the server; a line at the bottom of
 * the window names the file and counts the seconds until the button is enabled again, and a polite live region
 * says when it starts and when it is ready.
 */
export default function (component) {
  var d = component.data;
  document.documentElement.lang = d.lang;
  document.title = d.title;
  var skip = document.querySelector('[data-testid="stSkipToContent"]');  // Streamlit's own link is English only
  if (skip) { skip.textContent = d.skip; }
  var dk = window.dekningskartPage || (window.dekningskartPage = {});
  dk.data = d;
  if (!dk.observer) {
    dk.observer = new MutationObserver(function () { schedule(dk); });
    dk.observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ATTRS});
    document.addEventListener("click", function (e) { downloadClicked(dk, e); }, true);
  }
  relabel(dk);
}

var ATTRS = ["aria-label", "title", "placeholder"];

function schedule(dk) {
  if (dk.pending) { return; }
  dk.pending = true;
  window.requestAnimationFrame(function () { dk.pending = false; relabel(dk); });
}

function translate(d, text) {
  if (Object.prototype.hasOwnProperty.call(d.words, text)) { return d.words[text]; }
  for (var en in d.prefixes) {
    if (text.indexOf(en) === 0) { return d.prefixes[en] + text.slice(en.length); }
  }
  return text;
}

function relabel(dk) {
  var d = dk.data;
  document.querySelectorAll("[aria-label],[title],[placeholder]").forEach(function (el) {
    ATTRS.forEach(function (attr) {
      if (el.hasAttribute(attr)) {
        swap(d, el, attr, el.getAttribute(attr), function (text) { el.setAttribute(attr, text); });
      }
    });
  });
  // A toolbar button's tooltip repeats its label as text ("Search" over the table)
  document.querySelectorAll('[data-testid="stTooltipContent"] p').forEach(function (p) {
    swap(d, p, "text", p.textContent, function (text) { p.textContent = text; });
  });
}

/* Put the page's words for `now` (the label `name` of `el`) in place with `put`. The frontend's original is kept
   in data-dk-<name>: what stands there now is ours only if it is what we put there last. */
function swap(d, el, name, now, put) {
  var keep = "data-dk-" + name, shown = "data-dk-" + name + "-shown";
  var original = now === el.getAttribute(shown) && el.hasAttribute(keep) ? el.getAttribute(keep) : now;
  var text = translate(d, original);
  if (text === original) {
    el.removeAttribute(keep);
    el.removeAttribute(shown);
  } else {
    el.setAttribute(keep, original);
    el.setAttribute(shown, text);
  }
  if (now !== text) { put(text); }
}

function fill(template, what, seconds) {
  return template.replace("{what}", what).replace("{s}", String(seconds));
}

function progressLine() {
  var box = document.getElementById("dk-download-progress");
  if (box) { return box; }
  box = document.createElement("div");
  box.id = "dk-download-progress";
  box.setAttribute("data-testid", "dkDownloadProgress");
  box.style.cssText = "position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:1000;" +
    "background:#262730;color:#fff;padding:0.5rem 1rem;border-radius:0.4rem;font-size:0.95rem;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.3);display:none;width:max-content;max-width:90vw";
  var shown = document.createElement("span");
  shown.setAttribute("aria-hidden", "true");  // the ticking seconds are not read aloud twice a second
  var said = document.createElement("span");
  said.setAttribute("role", "status");
  said.setAttribute("aria-live", "polite");
  said.style.cssText = "position:absolute;left:-9999px";
  box.appendChild(shown);
  box.appendChild(said);
  document.body.appendChild(box);
  return box;
}

function downloadClicked(dk, e) {
  var button = e.target.closest && e.target.closest('[data-testid="stDownloadButton"] button');
  if (!button || button.disabled) { return; }
  var holder = button.closest('[class*="st-key-"]');
  var key = holder ? Array.prototype.find.call(holder.classList, function (c) { return c.indexOf("st-key-") === 0; })
    : null;
  var what = (button.innerText || "").trim(), start = Date.now(), lastBusy = 0;
  var box = progressLine(), shown = box.children[0], said = box.children[1];
  if (dk.timer) { clearInterval(dk.timer); }
  clearTimeout(dk.hide);  // an earlier file's "ready" line must not hide this one
  box.style.display = "block";
  shown.textContent = fill(dk.data.making, what, 0);
  said.textContent = fill(dk.data.making, what, 0).replace(/ … 0 s$/, " …");
  function current() {  // the button again: a rerun may have drawn it anew
    var found = key ? document.querySelector("." + key + ' [data-testid="stDownloadButton"] button') : null;
    return found || (button.isConnected ? button : null);
  }
  dk.timer = setInterval(function () {
    var b = current(), now = Date.now();
    if (b && b.disabled) { lastBusy = now; }
    var failed = b && b.closest('[data-testid="stDownloadButton"]').querySelector('[data-testid="stDownloadButtonError"]');
    // Done: the button was busy and is free again, or was never seen busy within a second (a file made at once).
    if (failed || (lastBusy && lastBusy < now) || (!lastBusy && now - start > 1000)) {
      clearInterval(dk.timer);
      dk.timer = null;
      var took = ((lastBusy || start) - start) / 1000;
      var words = failed ? dk.data.failed : took < 0.5 ? dk.data.made_now : dk.data.made;  // no "after 0,0 s"
      var text = fill(words, what, took.toFixed(1).replace(".", dk.data.decimal));
      shown.textContent = text;
      said.textContent = text;
      dk.hide = setTimeout(function () { box.style.display = "none"; }, 6000);
      return;
    }
    shown.textContent = fill(dk.data.making, what, Math.floor((now - start) / 1000));
  }, 100);
}
