// The AI SDK's useChat, driven by TavoraChatTransport, under StrictMode.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useChat } from '@ai-sdk/react';
import { TavoraChatTransport } from 'tavora-wasm/ai-sdk';
import { client, initialSession, rememberSession, useMountCount, AnswerForm, Composer } from './shared.jsx';

// One transport per page, like the client: it holds the session's store.
const transport = new TavoraChatTransport({ client, sessionId: initialSession, createSession: { title: 'AI SDK chat' } });

function Part({ part }) {
  if (part.type === 'text') return <p className="text">{part.text}</p>;
  if (part.type === 'dynamic-tool') {
    return (
      <p className="tool" data-state={part.state}>
        {part.toolName}: {part.state}
      </p>
    );
  }
  if (part.type === 'data-tavora-input') {
    const d = part.data;
    return (
      <p className="input" data-state={d.state}>
        {d.message} [{d.state}
        {d.state === 'answered' ? `: ${JSON.stringify(d.value)}` : ''}]
      </p>
    );
  }
  if (part.type === 'data-tavora-error') return <p className="error">{part.data.message}</p>;
  if (part.type === 'data-tavora-summary') return <p className="summary">steps: {part.data.steps}</p>;
  if (part.type === 'data-tavora-activity') return <p className="activity">{part.data.summary}</p>;
  return null;
}

function Chat() {
  const { messages, status, error, sendMessage, stop, setMessages } = useChat({ transport });
  const [loaded, setLoaded] = useState(!initialSession);
  useEffect(() => {
    if (!initialSession) return;
    let live = true;
    transport.loadMessages().then((m) => {
      if (!live) return;
      setMessages(m);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [setMessages]);
  // The input request still pending, from the last assistant message.
  const last = messages[messages.length - 1];
  const pending = last && last.role === 'assistant'
    ? last.parts.find((p) => p.type === 'data-tavora-input' && p.data.state === 'pending')
    : undefined;
  const shown = !loaded ? 'loading' : pending && status === 'streaming' ? 'awaiting_input' : status;
  useEffect(() => rememberSession(transport.sessionId), [status]);
  useMountCount();
  return (
    <main>
      <p id="status" data-status={shown}>
        {shown}
      </p>
      <ol id="messages">
        {messages.map((m) => (
          <li key={m.id} data-role={m.role}>
            {m.role === 'user'
              ? m.parts.filter((p) => p.type === 'text').map((p, i) => <p key={i} className="text">{p.text}</p>)
              : m.parts.map((p, i) => <Part key={i} part={p} />)}
          </li>
        ))}
      </ol>
      {pending && <AnswerForm request={pending.data} respond={(v) => transport.respond(v)} />}
      {error && <pre id="error">{error.message}</pre>}
      <Composer onSend={(text) => sendMessage({ text })} onStop={stop} busy={status === 'submitted' || status === 'streaming'} />
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <Chat />
  </StrictMode>,
);
