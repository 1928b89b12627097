import { DEFAULT_SCENARIOS, getDefaultScenario } from "@aifactory/planner";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { client } from "./client";
import "./styles.css";

/** Renders the app into `root`. */
export function mount(root: HTMLElement): void {
  performance.mark("planner:mount");
  // Without a shared scenario in the URL the page opens on the first built-in one: ask for its plan now, so the
  // worker computes while React renders (the app's own request for the same scenario reuses this one).
  const first = DEFAULT_SCENARIOS[0];
  if (window.location.hash === "" && first) client.plan(getDefaultScenario(first.id));
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
