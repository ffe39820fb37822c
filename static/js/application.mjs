import { initAll } from "../govuk-frontend/govuk-frontend.min.js";
import { reflowTables } from "./tables.mjs";

initAll();
reflowTables();
