// Runs first in <body>, as the Design System asks, before GOV.UK Frontend styles the page.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
