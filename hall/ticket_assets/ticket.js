// The phone ticket page updates itself: every few seconds it asks the hall for the same page and puts its live
// part in place of the old one, without a reload. Without JavaScript a <noscript> refresh reloads the page.
"use strict";
(() => {
  let live = document.getElementById("live");
  if (!live || live.dataset.live !== "1") return;
  const every = Number(live.dataset.poll || 15) * 1000;

  function showProblem(shown) {
    const problem = live.querySelector(".sign .problem");
    if (problem) problem.hidden = !shown;
  }

  async function update() {
    let wait = every;
    try {
      const answer = await fetch(location.pathname, { cache: "no-store", credentials: "omit" });
      if (answer.ok) {
        const page = new DOMParser().parseFromString(await answer.text(), "text/html");
        const fresh = page.getElementById("live");
        if (fresh) {
          const turned = fresh.classList.contains("turn") && !live.classList.contains("turn");
          if (fresh.className !== live.className) {
            // A new state (called, served...): screen readers say it, as the page's part is replaced whole.
            const state = fresh.querySelector(".state");
            document.getElementById("announce").textContent = state ? state.textContent : "";
          }
          const adopted = document.adoptNode(fresh);
          live.replaceWith(adopted);
          live = adopted;
          document.title = live.dataset.title || document.title;
          if (turned && navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
          if (live.dataset.live !== "1") return; // served, missed, given up: nothing more will change
        } else {
          showProblem(true);
        }
      } else {
        const retry = Number(answer.headers.get("Retry-After"));
        if (retry > 0) wait = Math.max(every, retry * 1000);
        showProblem(true);
      }
    } catch (error) {
      showProblem(true);
    }
    setTimeout(update, wait);
  }

  setTimeout(update, every);
})();
