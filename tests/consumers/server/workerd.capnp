# workerd's configuration for worker.mjs, bundled as out/worker.js (the
# tavora-wasm module a separate module beside it) by the e2e suite.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  # The test binds the socket with --socket-addr http=127.0.0.1:<free port>.
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "tavora_wasm_bg.wasm", wasm = embed "out/tavora_wasm_bg.wasm"),
  ],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "TAVORA_API", fromEnvironment = "TAVORA_API"),
    (name = "TAVORA_KEY", fromEnvironment = "TAVORA_KEY"),
  ],
  globalOutbound = "internet",
);
