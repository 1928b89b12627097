import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { trackInputEvents } from "./lib/timings";
import { client } from "./planner-client";
import "./styles.css";

performance.mark("planner:start");
trackInputEvents();
// A shared scenario in the URL has no build-time plan: start the worker now, while React renders. Otherwise the
// page shows the default scenario's build-time plan and starts the worker once that is on screen (App.tsx).
if (window.location.hash !== "") client.start();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
performance.mark("planner:mount");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
