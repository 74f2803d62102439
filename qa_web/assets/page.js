// In the page's <head>: a reply's "Open in the article" opens that source in the viewer
// (it clicks the source in the list beside the chat) with its sentence in view, and after
// each question and reply the chat is scrolled to put the newest question at its top,
// never past it: the answer is read first, the sources after.
(() => {
  const SOURCE = "#qa-source-";
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest('#chat a[href^="' + SOURCE + '"]');
    if (!a) return;
    event.preventDefault();
    const rank = a.getAttribute("href").slice(SOURCE.length);
    const input = document.querySelector('#sources input[value="' + rank + '"]');
    if (input) { input.click(); }
    const viewer = document.querySelector("#viewer");
    if (viewer) { viewer.scrollIntoView({block: "nearest"}); }
  }, true);
  window.qaShowQuestion = () => {
    const rows = document.querySelectorAll("#chat .message-row.user-row");
    const last = rows[rows.length - 1];
    if (!last) return;
    let box = last.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {
      box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    }
    const top = last.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) last.scrollIntoView({block: "start"});
  };
  // After a source opens in the viewer, its marked sentence is brought into view high
  // up: inside the viewer's own scrolling box, and, when the viewer is under the chat (a
  // phone), in the window too. Beside the chat (a desktop) the window moves only when
  // the sentence is out of sight, so the chat stays where it was. The viewer's new text
  // may land a moment after the event: wait for its mark, up to 3 s.
  window.qaShowMark = (tries = 0) => {
    const mark = document.querySelector("#viewer mark.answer, #viewer mark.passage");
    if (!mark) {
      if (tries < 60) setTimeout(() => window.qaShowMark(tries + 1), 50);
      return;
    }
    let box = mark.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {  // moved only when not already in its upper half
      const inside = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
      if (inside < 0 || inside > box.clientHeight / 2) {
        box.scrollTop += inside - Math.min(48, box.clientHeight / 4);
      }
    }
    const chat = document.querySelector("#chat");
    const viewer = document.querySelector("#viewer");
    const under = chat && viewer &&
      viewer.getBoundingClientRect().top >= chat.getBoundingClientRect().bottom;
    const r = mark.getBoundingClientRect();
    const seen = r.top >= 0 && r.bottom <= window.innerHeight;
    if (under || !seen) window.scrollBy(0, r.top - window.innerHeight / 4);
  };
  // An upload Gradio refuses in the browser (too large) leaves the box on a red "Error"
  // under its message: clear it, so the next file can be dropped at once.
  const watchUploads = () => {
    const STATUS = '#upload [data-testid="status-tracker"]';
    new MutationObserver(() => {
      const error = document.querySelector(STATUS + " .error");
      if (!error || error.dataset.qaSeen) return;
      error.dataset.qaSeen = "1";
      setTimeout(() => {
        const clear = document.querySelector(STATUS + " .clear-status button");
        if (clear) clear.click();
      }, 1500);
    }).observe(document.body, {subtree: true, childList: true});
  };
  // Gradio may add this <head> after the document has loaded
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchUploads);
  else watchUploads();
})();
