// Start the planner worker first, then load the app: the worker's download, compilation and warm-up overlap
// with the main thread's.
import "./client";

performance.mark("planner:start");
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const { mount } = await import("./mount");
mount(root);
