// Starts govuk-frontend components. A module script, so no inline script is needed.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
