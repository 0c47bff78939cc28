// The README's "Chat without a framework" example, verbatim: it must pass `tsc --strict`.
import { TavoraClient, createAgentChat } from "tavora-wasm";

export function mountChat(tavora: TavoraClient, render: (html: string) => void) {
  const chat = createAgentChat(tavora, { createSession: { title: "Support" } });
  const unsubscribe = chat.subscribe(() => {
    const { messages, status, pendingInput } = chat.getSnapshot();
    const lines = messages.map((m) =>
      m.parts
        .map((p) => {
          switch (p.type) {
            case "text": return `${m.role}: ${p.text}`;
            case "tool": return `[${p.tool}: ${p.state}]`;
            case "input": return `? ${p.message}`;
            case "error": return `! ${p.message}`;
            default: return "";
          }
        })
        .join("\n"),
    );
    render(`${lines.join("\n")}\n(${status}${pendingInput ? ": waiting for your answer" : ""})`);
  });
  return {
    send: (text: string) => chat.send(text), // rejects while a run is active
    answer: (value: string) => chat.respond(value), // answers chat.getSnapshot().pendingInput
    stop: () => chat.stop(), // aborts the run and its connection
    close: () => { chat.dispose(); unsubscribe(); },
  };
}
