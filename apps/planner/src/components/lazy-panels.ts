// The page's lazily loaded panels, in one chunk: the plan's charts and tables (loaded once the first plan is on
// screen) and the Site mode. They share most of their code (React, the unit formatters, the tables), which
// one file compresses once: two chunks weighed about 1.3 KB gzip more against the app's 400 KB budget.
export { default as ResultPanels } from "./ResultPanels";
export { default as SitePanel } from "./site/SitePanel";
