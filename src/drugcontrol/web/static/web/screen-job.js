// Follows a running screening job through the API and reloads the page when it is done (a static file, so the
// Content Security Policy needs no inline script). The job's API URL is in the table's data-poll-url.
"use strict";
(function () {
  const table = document.getElementById("screen-job");
  const url = table && table.dataset.pollUrl;
  if (!url) { return; }
  async function poll() {
    try {
      const response = await fetch(url, {credentials: "same-origin"});
      if (response.ok) {
        const job = await response.json();
        document.getElementById("screen-progress").value = Math.round(job.progress * 100);
        document.getElementById("screen-rows").textContent = job.rows_done + " / " + job.rows_total;
        if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
      }
    } catch (error) { /* try again on the next tick */ }
    setTimeout(poll, 1500);
  }
  setTimeout(poll, 1000);
})();
